package com.roadcast.loadtest;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pauses of one simulated user around each request: before its first, a random part of its think time (users
 * that join together, as at a change of the user count, arrive spread out rather than in one burst); before each,
 * the wait its key's budget imposes (see {@link KeyPacer}); after it, a back-off when it failed (doubling from {@link #FIRST_BACKOFF} to
 * {@link #MAX_BACKOFF} over consecutive failures, as a client reconnecting after errors), then its think time.
 * Every pause is jittered so users do not move in lockstep.
 */
final class Pacing {
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Extra wait, up to this, after a budget reopens: the users of a key do not all return in the same instant. */
    static final Duration REOPEN_JITTER = Duration.ofSeconds(1);

    private final KeyRing keys;
    private final Map<String, Double> shares;
    private final Set<String> unpacedTiers;
    private final Duration floor;
    private final Map<WorkerOptions.TierKey, KeyPacer> pacers = new ConcurrentHashMap<>();
    private final ThreadLocal<int[]> failuresInARow = ThreadLocal.withInitial(() -> new int[1]);
    private final ThreadLocal<boolean[]> arrived = ThreadLocal.withInitial(() -> new boolean[1]);

    Pacing(KeyRing keys, Map<String, Double> shares, Set<String> unpacedTiers, Duration floor) {
        this.keys = keys;
        this.shares = Map.copyOf(shares);
        this.unpacedTiers = Set.copyOf(unpacedTiers);
        this.floor = floor;
    }

    KeyRing keys() {
        return keys;
    }

    void beforeSending(ApiCall call) throws InterruptedException {
        WorkerOptions.TierKey key = keys.current();
        Random random = ThreadLocalRandom.current();
        boolean[] first = arrived.get();
        if (!first[0]) {
            first[0] = true;
            long think = pacer(key).thinkTime(keys.sharing(key), floor).toMillis();
            Thread.sleep(think <= 0 ? 0 : random.nextLong(think));
        }
        if (call.budget().isPresent()) {
            Duration wait = pacer(key).waitFor(call.budget().get(), System.nanoTime());
            if (!wait.isZero()) {
                Thread.sleep(wait.toMillis() + 1 + random.nextLong(REOPEN_JITTER.toMillis()));
            }
        }
    }

    void afterAnswer(ApiCall call, ApiClient.Result result) throws InterruptedException {
        WorkerOptions.TierKey key = keys.current();
        KeyPacer pacer = pacer(key);
        if (call.budget().isPresent() && result.status() != 0) {
            pacer.learn(call.budget().get(), result.status(), result.headers(), System.nanoTime());
        }
        Random random = ThreadLocalRandom.current();
        int[] failures = failuresInARow.get();
        if (result.outcome() == Ledger.Outcome.FAILED) {
            failures[0]++;
            Thread.sleep(backoff(failures[0], random).toMillis());
        } else {
            failures[0] = 0;
        }
        Thread.sleep(jittered(pacer.thinkTime(keys.sharing(key), floor), random).toMillis());
    }

    /** Full-jitter exponential back-off after {@code failures} consecutive failures (>= 1). */
    static Duration backoff(int failures, Random random) {
        long ceiling = Math.min(MAX_BACKOFF.toMillis(), FIRST_BACKOFF.toMillis() << Math.min(failures - 1, 20));
        return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
    }

    /** Uniform between half and one and a half times {@code mean}. */
    static Duration jittered(Duration mean, Random random) {
        long nanos = mean.toNanos();
        return nanos <= 0 ? Duration.ZERO : Duration.ofNanos(nanos / 2 + random.nextLong(nanos + 1));
    }

    private KeyPacer pacer(WorkerOptions.TierKey key) {
        return pacers.computeIfAbsent(key, held -> new KeyPacer(!unpacedTiers.contains(held.tier()), shares));
    }
}
