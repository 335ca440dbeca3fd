package com.roadcast.loadtest;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gives each simulated user (a locust4j thread) one API key for its whole life, like a real client that holds one
 * key; users are dealt keys round-robin, so every tier gets an equal share of the users.
 */
final class KeyRing {
    private final List<WorkerOptions.TierKey> keys;
    private final AtomicInteger dealt = new AtomicInteger();
    private final ThreadLocal<WorkerOptions.TierKey> held;

    KeyRing(List<WorkerOptions.TierKey> keys) {
        this.keys = List.copyOf(keys);
        this.held = ThreadLocal.withInitial(() -> this.keys.get(Math.floorMod(dealt.getAndIncrement(), this.keys.size())));
    }

    WorkerOptions.TierKey current() {
        return held.get();
    }
}
