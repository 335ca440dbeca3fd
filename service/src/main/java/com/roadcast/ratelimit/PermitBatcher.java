package com.roadcast.ratelimit;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Combines the permit requests of concurrent request threads into one Redis script call: the first
 * thread to find no call in flight sends everything queued (its own request included); the others wait
 * for that answer, or send the next batch themselves. Exact (each permit is one INCR in an atomic
 * script), and under load one round trip decides for many requests.
 */
final class PermitBatcher {
    private static final RedisScript TAKE = RedisScript.load(PermitBatcher.class, "take-permit.lua");
    private static final int MAX_BATCH = 512;
    private final RedisGuard redis;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    private record Pending(String key, long windowMillis, CompletableFuture<Long> used) {}

    PermitBatcher(RedisGuard redis) {
        this.redis = redis;
    }

    /** Permits used in the key's window after taking one; throws {@link RedisUnavailableException}. */
    long take(String key, long windowMillis) {
        Pending mine = new Pending(key, windowMillis, new CompletableFuture<>());
        queue.add(mine);
        while (!mine.used().isDone()) {
            if (sending.compareAndSet(false, true)) {
                try {
                    sendQueued();
                } finally {
                    sending.set(false);
                }
            } else {
                awaitBriefly(mine);
            }
        }
        try {
            return mine.used().join();
        } catch (java.util.concurrent.CompletionException e) {
            throw (RedisUnavailableException) e.getCause();
        }
    }

    private void sendQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending next;
        while (batch.size() < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        List<String> keys = batch.stream().map(Pending::key).toList();
        List<String> windows = batch.stream().map(p -> Long.toString(p.windowMillis())).toList();
        try {
            List<?> used = (List<?>) redis.call(client -> TAKE.run(client, keys, windows));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).used().complete(((Number) used.get(i)).longValue());
            }
        } catch (RedisUnavailableException e) {
            batch.forEach(p -> p.used().completeExceptionally(e));
        }
    }

    private static void awaitBriefly(Pending pending) {
        try {
            pending.used().get(200, TimeUnit.MICROSECONDS);
        } catch (TimeoutException | ExecutionException stillWaitingOrFailed) {
            // the loop looks again: done, or someone must send the next batch
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisUnavailableException("interrupted waiting for a rate-limit decision", e);
        }
    }
}
