package com.roadcast.loadtest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives each simulated user (a locust4j thread) one API key for its whole life, like a real client that holds one
 * key. A new user gets the key whose live users are furthest below its weight's share, so at any user count the
 * tiers are split by weight (within one user). It also tells how many users share a key: its live users here
 * times the worker processes, since the master spreads users evenly over the workers.
 */
final class KeyRing {
    private final List<WorkerOptions.TierKey> keys;
    private final int workers;
    private final Map<Thread, WorkerOptions.TierKey> holders = new HashMap<>();

    KeyRing(List<WorkerOptions.TierKey> keys, int workers) {
        if (keys.isEmpty() || workers <= 0) {
            throw new IllegalArgumentException("at least one key and one worker");
        }
        this.keys = List.copyOf(keys);
        this.workers = workers;
    }

    synchronized WorkerOptions.TierKey current() {
        Thread user = Thread.currentThread();
        WorkerOptions.TierKey held = holders.get(user);
        if (held != null) {
            return held;
        }
        holders.keySet().removeIf(thread -> !thread.isAlive());
        WorkerOptions.TierKey chosen = keys.get(0);
        double lowest = Double.MAX_VALUE;
        for (WorkerOptions.TierKey key : keys) {
            double load = (double) (liveHolders(key) + 1) / key.weight();
            if (load < lowest) {
                lowest = load;
                chosen = key;
            }
        }
        holders.put(user, chosen);
        return chosen;
    }

    /** Users across all workers holding {@code key}, counting the calling user; at least 1. */
    synchronized int sharing(WorkerOptions.TierKey key) {
        return Math.max(1, liveHolders(key)) * workers;
    }

    private int liveHolders(WorkerOptions.TierKey key) {
        int live = 0;
        for (Map.Entry<Thread, WorkerOptions.TierKey> holder : holders.entrySet()) {
            if (holder.getValue().equals(key) && holder.getKey().isAlive()) {
                live++;
            }
        }
        return live;
    }
}
