package com.roadcast.cache;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import com.roadcast.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The level shared by instances. A miss takes a short lock so that concurrent misses on several
 * instances compute once: the others poll briefly for the winner's answer, then compute themselves
 * rather than wait long. Any Redis failure reads as a miss: Redis never fails a request. A computed
 * answer is stored (and the lock released) by a background writer, so the client does not wait for
 * 80 KB to reach Redis; when the writer is behind, the request thread stores it itself.
 */
final class RedisForecastCache {
    private static final long POLL_MILLIS = 5;
    /**
     * How long the writer lets a computed answer wait before storing it, so the request thread sends the
     * answer first instead of yielding its core to a woken writer. Other instances asking meanwhile poll for
     * it (every {@value #POLL_MILLIS} ms).
     */
    private static final long STORE_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final RedisScript GET_OR_LOCK = RedisScript.load(RedisForecastCache.class, "get-or-lock.lua");
    private static final RedisScript PUT_AND_UNLOCK = RedisScript.load(RedisForecastCache.class, "put-and-unlock.lua");
    private final RedisGuard redis;
    private final String prefix;
    private final Duration ttl;
    private final Duration lockWait;
    private final long maxBytes;
    /** The budget's bookkeeping: index by store time, sizes, total (outside the answers' prefix, so a clear keeps them). */
    private final List<byte[]> budget;
    /** Owned by the cache's lifecycle: {@link #stop} lets waiting stores land, then ends its thread. */
    private final DelayedWork writer = new DelayedWork(STORE_DELAY_NANOS, "forecast-cache-writer");

    /** @param maxBytes what the answers kept in Redis may take in all; beyond it the oldest are dropped */
    RedisForecastCache(RedisGuard redis, String keyPrefix, Duration ttl, Duration lockWait, long maxBytes) {
        this.redis = redis;
        this.prefix = keyPrefix + "fc:";
        this.ttl = ttl;
        this.lockWait = lockWait;
        this.maxBytes = maxBytes;
        this.budget = List.of(bytes(keyPrefix + "fc-budget:index"), bytes(keyPrefix + "fc-budget:sizes"),
                bytes(keyPrefix + "fc-budget:bytes"));
    }

    /** Waits briefly for queued stores to reach Redis, then ends the writer; safe to call again. */
    void stop() throws InterruptedException {
        writer.stop(2000);
    }

    Optional<byte[]> get(String key) {
        try {
            return Optional.ofNullable(redis.call(client -> client.get(bytes(prefix + key))));
        } catch (RedisUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * The shared answer, or the one computed here or by another instance, and which it was: one round
     * trip to look and take the lock, one to store and release it. Another instance's computation is
     * awaited for at most {@code lockWait}, then this one computes too.
     */
    Map.Entry<byte[], CacheLevel> getOrCompute(String key, Supplier<byte[]> compute) {
        List<byte[]> keys = List.of(bytes(prefix + key), bytes(prefix + "lock:" + key));
        List<byte[]> storeKeys = new ArrayList<>(keys);
        storeKeys.addAll(budget);
        List<?> found;
        try {
            found = (List<?>) redis.call(client -> GET_OR_LOCK.runBinary(client, keys,
                    List.of(bytes(Long.toString(Math.max(1000, 10 * lockWait.toMillis()))))));
        } catch (RedisUnavailableException e) {
            return Map.entry(compute.get(), CacheLevel.MISS);
        }
        if (((Number) found.get(0)).longValue() == 1) {
            return Map.entry((byte[]) found.get(1), CacheLevel.REDIS);
        }
        boolean mine = "mine".equals(new String((byte[]) found.get(1), StandardCharsets.US_ASCII));
        if (!mine) {
            Optional<byte[]> theirs = awaitOther(key);
            if (theirs.isPresent()) {
                return Map.entry(theirs.get(), CacheLevel.REDIS);
            }
        }
        byte[] body = compute.get();
        Runnable store = () -> {
            try {
                redis.call(client -> PUT_AND_UNLOCK.runBinary(client, storeKeys, List.of(body,
                        bytes(Long.toString(ttl.toMillis())), bytes(Long.toString(System.currentTimeMillis())),
                        bytes(Long.toString(maxBytes)))));
            } catch (RedisUnavailableException ignored) {
                // the answer still went to the client and the local level; Redis is reported degraded
            }
        };
        writer.submit(store);
        return Map.entry(body, CacheLevel.MISS);
    }

    private Optional<byte[]> awaitOther(String key) {
        long deadline = System.nanoTime() + lockWait.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<byte[]> body = get(key);
            if (body.isPresent()) {
                return body;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** Deletes the shared entries whose key starts with {@code keyPrefix}; returns how many. */
    long clear(String keyPrefix) {
        return scan(keyPrefix, true);
    }

    Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        try {
            stats.put("keys", scan("", false));
            stats.put("redis_used_memory_bytes", redis.call(client -> {
                for (String line : client.info("memory").split("\r?\n")) {
                    if (line.startsWith("used_memory:")) {
                        return Long.parseLong(line.substring("used_memory:".length()).trim());
                    }
                }
                return -1L;
            }));
            stats.put("available", true);
        } catch (RedisUnavailableException e) {
            stats.put("available", false);
        }
        return stats;
    }

    private long scan(String keyPrefix, boolean delete) {
        ScanParams params = new ScanParams().match(prefix + keyPrefix + "*").count(1000);
        long found = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            String at = cursor;
            ScanResult<String> page = redis.call(client -> client.scan(at, params));
            if (delete && !page.getResult().isEmpty()) {
                redis.call(client -> client.unlink(page.getResult().toArray(String[]::new)));
            }
            found += page.getResult().stream().filter(k -> !k.startsWith(prefix + "lock:")).count();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
