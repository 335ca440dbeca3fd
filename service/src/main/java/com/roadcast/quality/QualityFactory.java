package com.roadcast.quality;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.observation.ObservationHistory;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** {@code quality:} settings: when a sensor counts as stale or stuck (see {@link SensorStatus}). */
public final class QualityFactory {
    private static final java.time.Duration HOUR = java.time.Duration.ofHours(1);

    /**
     * A sensor repeating one value for this many consecutive stored steps is stuck; unset: an hour's worth of
     * the model's steps (12 of 5 minutes, 4 of 15), at least 2.
     */
    @Min(2)
    @Max(288)
    @JsonProperty
    private @Nullable Integer stuckSteps;

    /**
     * A sensor whose newest reading is older than this before the newest stored step is stale; at most the
     * 24 h the health looks back over.
     */
    @NotNull
    @MinDuration(value = 5, unit = TimeUnit.MINUTES)
    @MaxDuration(value = 24, unit = TimeUnit.HOURS)
    @JsonProperty
    private Duration staleAfter = Duration.minutes(30);

    /** The health of {@code sensors} sensors reporting every {@code interval} into {@code history}. */
    public SensorHealth build(ObservationHistory history, int sensors, java.time.Duration interval) {
        int stuck = stuckSteps != null ? stuckSteps : (int) Math.max(2, HOUR.toSeconds() / interval.toSeconds());
        return new SensorHealth(history, new QualityScan(sensors, interval, staleAfter.toJavaDuration(), stuck));
    }
}
