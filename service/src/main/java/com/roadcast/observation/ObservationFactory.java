package com.roadcast.observation;

import io.dropwizard.core.setup.Environment;
import com.roadcast.redis.RedisLink;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@code observations:} settings: what a batch may hold and when data counts as stale. */
public final class ObservationFactory {
    /** Most items (steps) in one POST: a request-size limit, not a step count (288 is a day of 5-minute steps). */
    @Min(1)
    @Max(2016)
    @JsonProperty
    private int maxItems = 288;

    /** How far in the future a timestamp may lie, for clocks that run a little fast. */
    @NotNull
    @JsonProperty
    private Duration maxClockSkew = Duration.minutes(5);

    /** Speeds above this are rejected as absurd. */
    @DecimalMin("1")
    @DecimalMax("1000")
    @JsonProperty
    private double maxSpeedMph = 150;

    /** The data-freshness health check fails when nothing arrived for this long. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration staleAfter = Duration.minutes(15);

    /**
     * The history with a window of {@code capacity} steps, in Redis when there is one (shared by instances),
     * else in this process and on local disk (steps of {@code nodes} readings), with the
     * {@code data-freshness} health check.
     */
    public ObservationHistory build(Environment environment, RedisLink redis, HistoryFactory history, int capacity,
            int nodes, Clock clock) {
        ObservationHistory window = redis.guard().<ObservationHistory>map(guard -> new RedisObservationHistory(guard,
                        redis.keyPrefix(), capacity, history.retention(), clock, redis.events(),
                        sharedWindowMaxAge.toJavaDuration()))
                .orElseGet(() -> history.local(environment.lifecycle(), capacity, nodes, clock));
        environment.healthChecks().register("data-freshness",
                new DataFreshnessHealthCheck(window, staleAfter.toJavaDuration(), clock));
        return window;
    }

    /** With Redis: how stale the window held in process may get if a change announcement is missed. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration sharedWindowMaxAge = Duration.seconds(1);

    public StepParser parser(java.time.Duration interval, Clock clock) {
        return new StepParser(maxItems, interval, maxClockSkew.toJavaDuration(), maxSpeedMph, clock);
    }
}
