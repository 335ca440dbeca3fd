package com.roadcast.cache;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The level shared by instances. A miss takes a short lock so that concurrent misses on several
 * instances compute once: the others poll briefly for the winner's answer, then compute themselves
 * rather than wait long. Any Redis failure reads as a miss: Redis never fails a request.
 */
final class RedisForecastCache {
    private static final long POLL_MILLIS = 5;
    private final RedisGuard redis;
    private final String prefix;
    private final Duration ttl;
    private final Duration lockWait;

    RedisForecastCache(RedisGuard redis, String keyPrefix, Duration ttl, Duration lockWait) {
        this.redis = redis;
        this.prefix = keyPrefix + "fc:";
        this.ttl = ttl;
        this.lockWait = lockWait;
    }

    Optional<byte[]> get(String key) {
        try {
            return Optional.ofNullable(redis.call(client -> client.get(bytes(prefix + key))));
        } catch (RedisUnavailableException e) {
            return Optional.empty();
        }
    }

    /**
     * The body computed here or by another instance, and which it was. The lock holder looks once more
     * before computing: another instance may have stored the answer between our miss and our lock.
     */
    Map.Entry<byte[], CacheLevel> computeOnce(String key, Supplier<byte[]> compute) {
        String lock = prefix + "lock:" + key;
        boolean mine;
        try {
            mine = "OK".equals(redis.call(client -> client.set(lock, "1",
                    SetParams.setParams().nx().px(Math.max(1000, 10 * lockWait.toMillis())))));
        } catch (RedisUnavailableException e) {
            return Map.entry(compute.get(), CacheLevel.MISS);
        }
        Optional<byte[]> theirs = mine ? get(key) : awaitOther(key);
        if (theirs.isPresent()) {
            if (mine) {
                release(lock);
            }
            return Map.entry(theirs.get(), CacheLevel.REDIS);
        }
        try {
            byte[] body = compute.get();
            put(key, body);
            return Map.entry(body, CacheLevel.MISS);
        } finally {
            if (mine) {
                release(lock);
            }
        }
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

    private void put(String key, byte[] body) {
        try {
            redis.call(client -> client.set(bytes(prefix + key), body, SetParams.setParams().px(ttl.toMillis())));
        } catch (RedisUnavailableException ignored) {
            // the answer still goes to the client and the local level; Redis is reported degraded
        }
    }

    private void release(String lock) {
        try {
            redis.call(client -> client.del(lock));
        } catch (RedisUnavailableException ignored) {
            // the lock expires by itself
        }
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
