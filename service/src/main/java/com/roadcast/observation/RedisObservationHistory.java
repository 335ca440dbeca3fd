package com.roadcast.observation;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import com.roadcast.redis.ScorePages;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import com.roadcast.redis.RedisEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The history in Redis, shared by every instance: a sorted set of steps scored by time, trimmed to the
 * retention period in the same script that adds them, plus a revision counter that changes with the window
 * (its newest {@code capacity} steps). Reads send the
 * revision already held and only fetch the steps when it changed. When Redis cannot be reached, appends
 * fail (the client is told nothing was stored) and reads serve the last window this instance saw. With
 * events, reads come from the window held in process until an append (here or on another instance)
 * announces a change, so a cache hit costs no Redis round trip. When Redis comes back without the window
 * (restarted empty), the instance puts back what it knows: the last window it read and every step it
 * accepted since, so no step answered 202 is lost.
 */
public final class RedisObservationHistory implements ObservationHistory {
    /** Steps read per round trip: a bounded reply whatever the step length. */
    private static final int PAGE_STEPS = 256;
    private static final RedisScript APPEND = RedisScript.load(RedisObservationHistory.class, "window-append.lua");
    static final String CHANGED_EVENT = "window-changed";
    private static final RedisScript READ = RedisScript.load(RedisObservationHistory.class, "window-read.lua");

    private final RedisGuard redis;
    private final String historyKey;
    private final List<byte[]> keys;
    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final Optional<RedisEvents> events;
    private final Duration maxAge;
    private volatile WindowSnapshot lastSeen = WindowSnapshot.empty();
    /** The newest {@code capacity} steps this instance stored, by time: those its last read may not hold yet. */
    private final ConcurrentSkipListMap<Instant, Step> storedHere = new ConcurrentSkipListMap<>();
    private final AtomicLong changes = new AtomicLong(1);
    private volatile long changesRead;
    private volatile long readAtMillis;

    /**
     * @param events when present, appends are announced and announcements mark the held window stale, so
     *     reads need no Redis round trip until it changes; {@code maxAge} bounds staleness if one is missed
     */
    public RedisObservationHistory(RedisGuard redis, String keyPrefix, int capacity, Duration retention, Clock clock,
            Optional<RedisEvents> events, Duration maxAge) {
        this.redis = redis;
        this.historyKey = keyPrefix + "history";
        this.keys = List.of(bytes(historyKey), bytes(keyPrefix + "history:revision"), bytes(keyPrefix + "history:ingested"));
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
        this.events = events;
        this.maxAge = maxAge;
        events.ifPresent(bus -> bus.on(CHANGED_EVENT, revision -> changes.incrementAndGet()));
    }

    @Override
    public boolean[] append(List<Step> steps) {
        boolean[] kept = knowsNothing() ? store(steps, "append") : store(steps, "append-known");
        if (kept == null) {
            store(known(), "restore");
            kept = Objects.requireNonNull(store(steps, "append"), "a plain append always answers");
        }
        remember(steps, kept);
        changes.incrementAndGet();
        events.ifPresent(bus -> bus.publish(CHANGED_EVENT, ""));
        confirmReplicated();
        return kept;
    }

    private boolean knowsNothing() {
        return lastSeen.steps().isEmpty() && storedHere.isEmpty();
    }

    /** What this instance knows the window holds: its last read and the steps it stored since, newest {@code capacity}. */
    private List<Step> known() {
        Map<Instant, Step> known = new TreeMap<>(storedHere);
        lastSeen.steps().forEach(step -> known.putIfAbsent(step.time(), step));
        return known.values().stream().skip(Math.max(0, known.size() - capacity)).toList();
    }

    private void remember(List<Step> steps, boolean[] kept) {
        for (int i = 0; i < kept.length; i++) {
            if (kept[i]) {
                storedHere.put(steps.get(i).time(), steps.get(i));
            }
        }
        for (int excess = storedHere.size() - capacity; excess > 0; excess--) {
            storedHere.pollFirstEntry();
        }
    }

    /** With replicas, a step counts as accepted only once a replica holds it too (a failover keeps it). */
    private void confirmReplicated() {
        boolean replicated;
        try {
            replicated = redis.awaitReplication(historyKey);
        } catch (RedisUnavailableException e) {
            replicated = false;
        }
        if (!replicated) {
            throw new WindowUnavailableException("stored on the primary, but no replica confirmed it in time: "
                    + "not acknowledged (a retry answers 'already recorded' if it survived)", null);
        }
    }

    /** Runs the append script; null when Redis lost the window this instance saw ({@code append-known}). */
    private boolean @Nullable [] store(List<Step> steps, String mode) {
        List<byte[]> args = new ArrayList<>(4 + 2 * steps.size());
        args.add(bytes(Integer.toString(capacity)));
        args.add(bytes(Long.toString(clock.millis())));
        args.add(bytes(mode));
        args.add(bytes(Long.toString(retention.toSeconds())));
        for (Step step : steps) {
            args.add(bytes(Long.toString(step.time().getEpochSecond())));
            args.add(encode(step));
        }
        List<?> result;
        try {
            result = (List<?>) redis.call(client -> APPEND.runBinary(client, keys, args), "restore".equals(mode));
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
        if (events.isPresent() && changesRead == changes.get() && clock.millis() - readAtMillis < maxAge.toMillis()) {
            return lastSeen;
        }
        long changesNow = changes.get();
        long startedAt = clock.millis();
        WindowSnapshot read = read();
        changesRead = changesNow;
        readAtMillis = startedAt;
        return read;
    }

    /** Reads the window from Redis (only its revision when unchanged); the last one seen if Redis is down. */
    private WindowSnapshot read() {
        WindowSnapshot held = lastSeen;
        List<?> result;
        try {
            result = (List<?>) redis.call(client -> READ.runBinary(client, keys,
                    List.of(bytes(Long.toString(held.revision())), bytes(Integer.toString(capacity)))));
        } catch (RedisUnavailableException e) {
            return held;
        }
        long revision = Long.parseLong(text(result.get(0)));
        if (revision == 0 && !knowsNothing()) {
            return restore(held);
        }
        long ingestedMs = Long.parseLong(text(result.get(1)));
        Optional<Instant> ingested = ingestedMs == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ingestedMs));
        if (result.size() == 2 && revision == held.revision()) {
            WindowSnapshot same = new WindowSnapshot(revision, held.steps(), ingested);
            lastSeen = same;
            return same;
        }
        List<Step> steps = new ArrayList<>(result.size() - 2);
        for (int i = 2; i < result.size(); i++) {
            steps.add(decode((byte[]) result.get(i)));
        }
        WindowSnapshot fresh = new WindowSnapshot(revision, List.copyOf(steps), ingested);
        lastSeen = fresh;
        return fresh;
    }

    /**
     * Redis came back without the window (restarted empty): put back the steps this instance knows of,
     * so nothing accepted is lost, then read what Redis holds now (other instances may restore too).
     */
    private WindowSnapshot restore(WindowSnapshot held) {
        try {
            store(known(), "restore");
        } catch (WindowUnavailableException e) {
            return held;
        }
        return read();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Duration retention() {
        return retention;
    }

    /** Reads a page of {@link #PAGE_STEPS} steps per round trip. */
    @Override
    public Iterator<Step> range(Instant from, Instant to) {
        return new ScorePages<>(from.getEpochSecond(), to.getEpochSecond(), PAGE_STEPS, this::page,
                step -> step.time().getEpochSecond());
    }

    private List<Step> page(long from, long to, int count) {
        try {
            return redis.call(client -> client.zrangeByScore(keys.get(0), from, to, 0, count), true).stream()
                    .map(RedisObservationHistory::decode).toList();
        } catch (RedisUnavailableException e) {
            throw new WindowUnavailableException("Redis refused the history read: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A bulk reply as text: binary runs answer byte arrays, integers stay numbers. */
    private static String text(Object reply) {
        return reply instanceof byte[] raw ? new String(raw, StandardCharsets.US_ASCII) : String.valueOf(reply);
    }

    /** A step as its member: the time in seconds (8 bytes), then packed little-endian float32 speeds. */
    static byte[] encode(Step step) {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES + step.speeds().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(step.time().getEpochSecond());
        bytes.asFloatBuffer().put(step.speeds());
        return bytes.array();
    }

    static Step decode(byte[] member) {
        ByteBuffer bytes = ByteBuffer.wrap(member).order(ByteOrder.LITTLE_ENDIAN);
        Instant time = Instant.ofEpochSecond(bytes.getLong());
        float[] speeds = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(speeds);
        return new Step(time, speeds);
    }
}
