package com.roadcast.metrics;

import com.roadcast.cache.CacheLevel;
import com.roadcast.cache.ForecastCache;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * Forecasts served by cache level, cache lookups by level and outcome, and evictions, all read from the
 * cache's own counts at scrape time (the one source: every forecast answer, on either request path, is a
 * cache lookup), so the request path pays nothing. A local miss goes on to Redis (when there is one),
 * whose miss is a computation.
 */
final class CacheMetrics {

    private CacheMetrics() {}

    static void register(PrometheusRegistry registry, ForecastCache cache) {
        boolean shared = cache.hasSharedLevel();
        CounterWithCallback.builder()
                .name("roadcast_forecasts_served_total")
                .help("Forecast answers served, by where they came from (local, redis: cached; miss: computed)")
                .labelNames("cache_level")
                .callback(values -> {
                    for (CacheLevel level : CacheLevel.values()) {
                        values.call(cache.served(level), level.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("roadcast_cache_lookups_total")
                .help("Forecast cache lookups by level (local: this process, redis: shared) and outcome")
                .labelNames("level", "outcome")
                .callback(values -> {
                    long local = cache.served(CacheLevel.LOCAL);
                    long redis = cache.served(CacheLevel.REDIS);
                    long computed = cache.served(CacheLevel.MISS);
                    values.call(local, "local", "hit");
                    values.call(redis + computed, "local", "miss");
                    if (shared) {
                        values.call(redis, "redis", "hit");
                        values.call(computed, "redis", "miss");
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("roadcast_cache_evictions_total")
                .help("Answers the local level dropped for room (Redis entries expire by TTL instead)")
                .labelNames("level")
                .callback(values -> values.call(cache.localEvictions(), "local"))
                .register(registry);
    }
}
