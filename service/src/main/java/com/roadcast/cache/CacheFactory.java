package com.roadcast.cache;

import io.dropwizard.core.setup.Environment;
import com.roadcast.redis.RedisLink;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code cache:} settings of the forecast cache. */
public final class CacheFactory {
    /** How long an answer is kept, in both levels. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration ttl = Duration.minutes(15);

    /** Memory the in-process level may use (answers are weighed by their bytes). */
    @NotNull
    @MinDataSize(1024)
    @JsonProperty
    private DataSize localMaxSize = DataSize.mebibytes(64);

    /**
     * What the answers kept in Redis may take in all; the oldest are dropped beyond it, so the shared level
     * never crowds out keys, limits and the history in the same Redis (which must never be evicted).
     */
    @NotNull
    @MinDataSize(65536)
    @JsonProperty
    private DataSize redisMaxSize = DataSize.mebibytes(256);

    /** How long a miss waits for another instance already computing the same answer. */
    @NotNull
    @JsonProperty
    private Duration lockWait = Duration.milliseconds(100);

    /** The managed two-level cache (Redis when there is one), with the admin tasks {@code cache-clear} and {@code cache-stats}. */
    public ForecastCache build(Environment environment, RedisLink redis) {
        Optional<RedisForecastCache> shared = redis.guard().map(guard ->
                new RedisForecastCache(guard, redis.keyPrefix(), ttl.toJavaDuration(), lockWait.toJavaDuration(),
                        redisMaxSize.toBytes()));
        ForecastCache cache = new ForecastCache(ttl.toJavaDuration(), localMaxSize.toBytes(), shared, redis.events(),
                environment.metrics());
        environment.lifecycle().manage(cache);
        environment.admin().addTask(CacheTasks.clear(cache, environment.getObjectMapper()));
        environment.admin().addTask(CacheTasks.stats(cache, environment.getObjectMapper()));
        return cache;
    }
}
