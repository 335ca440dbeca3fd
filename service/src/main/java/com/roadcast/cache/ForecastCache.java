package com.roadcast.cache;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.roadcast.redis.RedisEvents;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Forecast answers cached in two levels: this process (Caffeine) in front of Redis (shared by every
 * instance). Concurrent misses for one key compute once per process (Caffeine's per-key computation)
 * and, through a short Redis lock, once across instances. Keys carry the model version and the window
 * revision, so new data or a new model can never be answered from an old entry. Managed: stopping lets
 * the shared level's queued stores reach Redis first.
 *
 * <p>The in-process level's upkeep (Caffeine's maintenance: eviction, expiry, its buffers) runs a moment
 * later on a background thread ({@link DelayedWork}), not on the request thread after each new answer nor
 * on the common pool, whose wake-up costs the miss as much. The level may therefore hold answers beyond its
 * size for a few milliseconds, or,
 * after a burst of new answers, until its next use: Caffeine does not re-run, on an executor of our own, a
 * pass that ended while answers were still arriving; the next read or write does.
 */
public final class ForecastCache implements Managed {
    static final String CLEAR_EVENT = "cache-clear";
    private static final long UPKEEP_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private final DelayedWork upkeep = new DelayedWork(UPKEEP_DELAY_NANOS, "forecast-cache-upkeep");
    private final Cache<String, CachedBody> local;
    private final Optional<RedisForecastCache> shared;
    private final Optional<RedisEvents> events;
    private final Counter[] served = new Counter[CacheLevel.values().length];
    private final AtomicReference<String> window = new AtomicReference<>("");

    ForecastCache(Duration ttl, long maxBytes, Optional<RedisForecastCache> shared, Optional<RedisEvents> events,
            MetricRegistry metrics) {
        this.local = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumWeight(maxBytes)
                .weigher((String key, CachedBody body) -> body.weight())
                .recordStats()
                .executor(upkeep::submit)
                .build();
        this.shared = shared;
        this.events = events;
        for (CacheLevel level : CacheLevel.values()) {
            served[level.ordinal()] = metrics.counter(MetricRegistry.name("roadcast", "cache", "served", level.name().toLowerCase(java.util.Locale.ROOT)));
        }
        events.ifPresent(bus -> bus.on(CLEAR_EVENT, this::clearLocal));
    }

    /** An answer and the level it came from. */
    public record Lookup(CachedBody body, CacheLevel level) {
        public boolean hit() {
            return level != CacheLevel.MISS;
        }

        public byte[] bytes() {
            return hit() ? body.hit() : body.miss();
        }
    }

    /**
     * Tells the in-process level which window answers are asked for now ({@code windowPrefix}: the start of their
     * keys, model and window revision). When it changes, this process's answers for other windows are dropped:
     * their keys can never be asked for again, and on a large network (an all-nodes answer of tens of MB, most
     * of the level) they would keep the new window's answers out until they expire, having been asked for
     * more often so far.
     */
    public void enterWindow(String windowPrefix) {
        if (!windowPrefix.equals(window.get()) && !windowPrefix.equals(window.getAndSet(windowPrefix))) {
            local.asMap().keySet().removeIf(key -> !key.startsWith(windowPrefix));
        }
    }

    /** The cached answer for {@code key}, or {@code compute}'s, computed once however many ask at once. */
    public Lookup get(String key, Supplier<byte[]> compute) {
        Optional<Lookup> held = local(key);
        if (held.isPresent()) {
            return held.get();
        }
        CacheLevel[] level = {CacheLevel.LOCAL};
        CachedBody body = local.get(key, k -> {
            Map.Entry<byte[], CacheLevel> found = fetch(k, compute);
            level[0] = found.getValue();
            return CachedBody.of(found.getKey());
        });
        return count(new Lookup(body, level[0]));
    }

    /** The answer for {@code key} when this process holds it, without asking Redis or computing. */
    private Optional<Lookup> local(String key) {
        CachedBody cached = local.getIfPresent(key);
        return cached == null ? Optional.empty() : Optional.of(count(new Lookup(cached, CacheLevel.LOCAL)));
    }

    private Map.Entry<byte[], CacheLevel> fetch(String key, Supplier<byte[]> compute) {
        if (shared.isEmpty()) {
            return Map.entry(compute.get(), CacheLevel.MISS);
        }
        return shared.get().getOrCompute(key, compute);
    }

    private Lookup count(Lookup lookup) {
        served[lookup.level().ordinal()].inc();
        return lookup;
    }

    /** Clears entries whose key starts with {@code prefix} ("" for all) here, in Redis and on the other instances. */
    public Map<String, Object> clear(String prefix) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("prefix", prefix);
        result.put("local_cleared", clearLocal(prefix));
        shared.ifPresent(redis -> result.put("redis_cleared", redis.clear(prefix)));
        events.ifPresent(bus -> result.put("other_instances_told", bus.publish(CLEAR_EVENT, prefix)));
        return result;
    }

    private long clearLocal(String prefix) {
        long before = local.estimatedSize();
        if (prefix.isEmpty()) {
            local.invalidateAll();
        } else {
            local.asMap().keySet().removeIf(key -> key.startsWith(prefix));
        }
        local.cleanUp();
        return before - local.estimatedSize();
    }

    /** Answers served from {@code level} since start ({@link CacheLevel#MISS}: computed). */
    public long served(CacheLevel level) {
        return served[level.ordinal()].getCount();
    }

    /** Answers the in-process level dropped for room since start (expiries not counted). */
    /** Whether answers are also kept in Redis, shared by instances. */
    public boolean hasSharedLevel() {
        return shared.isPresent();
    }

    public long localEvictions() {
        return local.stats().evictionCount();
    }

    public Map<String, Object> stats() {
        Map<String, Object> stats = new LinkedHashMap<>();
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("keys", local.estimatedSize());
        process.put("bytes", local.policy().eviction().map(e -> e.weightedSize().orElse(-1)).orElse(-1L));
        process.put("evictions", localEvictions());
        stats.put("local", process);
        shared.ifPresent(redis -> stats.put("redis", redis.stats()));
        long local = served(CacheLevel.LOCAL);
        long redis = served(CacheLevel.REDIS);
        long misses = served(CacheLevel.MISS);
        long total = local + redis + misses;
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("local_hits", local);
        requests.put("redis_hits", redis);
        requests.put("misses", misses);
        requests.put("local_hit_ratio", ratio(local, total));
        requests.put("redis_hit_ratio", ratio(redis, redis + misses));
        requests.put("hit_ratio", ratio(local + redis, total));
        stats.put("requests", requests);
        return stats;
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    @Override
    public void stop() throws InterruptedException {
        if (shared.isPresent()) {
            shared.get().stop();
        }
        upkeep.stop(2000);
    }
}
