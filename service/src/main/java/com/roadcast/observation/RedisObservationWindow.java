package com.roadcast.observation;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The window in Redis, shared by every instance: a sorted set of steps scored by time, trimmed to the
 * newest {@code capacity} in the same script that adds them, plus a revision counter. Reads send the
 * revision already held and only fetch the steps when it changed. When Redis cannot be reached, appends
 * fail (the client is told nothing was stored) and reads serve the last window this instance saw.
 */
public final class RedisObservationWindow implements ObservationWindow {
    private static final RedisScript APPEND = RedisScript.load(RedisObservationWindow.class, "window-append.lua");
    private static final RedisScript READ = RedisScript.load(RedisObservationWindow.class, "window-read.lua");

    private final RedisGuard redis;
    private final List<String> keys;
    private final int capacity;
    private final Clock clock;
    private volatile WindowSnapshot lastSeen = WindowSnapshot.empty();

    public RedisObservationWindow(RedisGuard redis, String keyPrefix, int capacity, Clock clock) {
        this.redis = redis;
        this.keys = List.of(keyPrefix + "window", keyPrefix + "window:revision", keyPrefix + "window:ingested");
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public boolean[] append(List<Step> steps) {
        WindowSnapshot held = lastSeen;
        if (held.steps().isEmpty()) {
            return store(steps, "append");
        }
        boolean[] kept = store(steps, "append-known");
        if (kept != null) {
            return kept;
        }
        store(held.steps(), "restore");
        return store(steps, "append");
    }

    /** Runs the append script; null when Redis lost the window this instance saw ({@code append-known}). */
    private boolean[] store(List<Step> steps, String mode) {
        List<String> args = new ArrayList<>(3 + 2 * steps.size());
        args.add(Integer.toString(capacity));
        args.add(Long.toString(clock.millis()));
        args.add(mode);
        for (Step step : steps) {
            args.add(Long.toString(step.time().getEpochSecond()));
            args.add(encode(step));
        }
        List<?> result;
        try {
            result = (List<?>) redis.call(client -> APPEND.run(client, keys, args));
        } catch (RedisUnavailableException e) {
            throw new WindowUnavailableException("Redis refused the append: " + e.getMessage(), e);
        }
        long status = ((Number) result.get(0)).longValue();
        if (status == -1) {
            throw new DuplicateStepException(((Number) result.get(1)).intValue());
        }
        if (status == -2) {
            return null;
        }
        boolean[] kept = new boolean[steps.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = ((Number) result.get(i + 1)).longValue() > 0;
        }
        return kept;
    }

    @Override
    public WindowSnapshot snapshot() {
        WindowSnapshot held = lastSeen;
        List<?> result;
        try {
            result = (List<?>) redis.call(client -> READ.run(client, keys, List.of(Long.toString(held.revision()))));
        } catch (RedisUnavailableException e) {
            return held;
        }
        long revision = Long.parseLong(String.valueOf(result.get(0)));
        if (revision == 0 && !held.steps().isEmpty()) {
            return restore(held);
        }
        long ingestedMs = Long.parseLong(String.valueOf(result.get(1)));
        Optional<Instant> ingested = ingestedMs == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ingestedMs));
        if (result.size() == 2 && revision == held.revision()) {
            WindowSnapshot same = new WindowSnapshot(revision, held.steps(), ingested);
            lastSeen = same;
            return same;
        }
        List<Step> steps = new ArrayList<>(result.size() - 2);
        for (int i = 2; i < result.size(); i++) {
            steps.add(decode(String.valueOf(result.get(i))));
        }
        WindowSnapshot fresh = new WindowSnapshot(revision, List.copyOf(steps), ingested);
        lastSeen = fresh;
        return fresh;
    }

    /**
     * Redis came back without the window (restarted empty): put back the steps this instance last saw,
     * so nothing accepted is lost, then read what Redis holds now (other instances may restore too).
     */
    private WindowSnapshot restore(WindowSnapshot held) {
        try {
            store(held.steps(), "restore");
        } catch (WindowUnavailableException e) {
            return held;
        }
        return snapshot();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    static String encode(Step step) {
        ByteBuffer bytes = ByteBuffer.allocate(step.speeds().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(step.speeds());
        return step.time().getEpochSecond() + ":" + Base64.getEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Step decode(String member) {
        int colon = member.indexOf(':');
        Instant time = Instant.ofEpochSecond(Long.parseLong(member.substring(0, colon)));
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(member.substring(colon + 1))).order(ByteOrder.LITTLE_ENDIAN);
        float[] speeds = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(speeds);
        return new Step(time, speeds);
    }
}
