package com.roadcast.cache;

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

    /** How long a miss waits for another instance already computing the same answer. */
    @NotNull
    @JsonProperty
    private Duration lockWait = Duration.milliseconds(100);

    public ForecastCache build(Optional<RedisGuard> redis, String keyPrefix, Optional<RedisEvents> events,
            MetricRegistry metrics) {
        Optional<RedisForecastCache> shared = redis.map(guard ->
                new RedisForecastCache(guard, keyPrefix, ttl.toJavaDuration(), lockWait.toJavaDuration()));
        return new ForecastCache(ttl.toJavaDuration(), localMaxSize.toBytes(), shared, events, metrics);
    }
}
