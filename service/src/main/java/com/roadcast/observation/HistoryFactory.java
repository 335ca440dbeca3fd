package com.roadcast.observation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.record.ForecastRecords;
import com.roadcast.record.LocalForecastRecords;
import com.roadcast.record.RedisForecastRecords;
import com.roadcast.redis.RedisLink;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** {@code history:} settings: how long accepted steps are kept, where (embedded), and how much one export may span. */
public final class HistoryFactory {
    /** Steps older than this, counted back from the newest stored step, are dropped. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    @MaxDuration(value = 3660, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration retention = Duration.days(30);

    /** Embedded (no Redis): the directory holding the history on disk. */
    @NotEmpty
    @JsonProperty
    private String dir = "var/history";

    /**
     * Embedded: how often what was written is flushed to the device, so a power loss (not a crash: every
     * acknowledged step is written before the answer) loses at most this much; 0 flushes within every ingest.
     */
    @NotNull
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration syncEvery = Duration.seconds(1);

    /** The longest range one {@code GET /v1/observations} may ask for. */
    @NotNull
    @MinDuration(value = 5, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration maxExportRange = Duration.days(31);

    /**
     * Forecasts of record, kept as long as the history: in Redis when there is one, else on disk under
     * {@link #dir()}; {@code name} tells the serving model's ({@code forecasts}) from the shadow's.
     */
    public ForecastRecords records(RedisLink redis, String name) {
        return redis.guard().<ForecastRecords>map(guard -> new RedisForecastRecords(guard, redis.keyPrefix() + name, retention()))
                .orElseGet(() -> new LocalForecastRecords(dir().resolve(name), retention()));
    }

    public java.time.Duration retention() {
        return retention.toJavaDuration();
    }

    public Path dir() {
        return Path.of(dir);
    }

    /**
     * The embedded history of steps of {@code nodes} readings, loaded from {@link #dir()}, its log managed
     * (flushed every {@code syncEvery}, closed on stop).
     *
     * @throws IllegalStateException naming the directory when it cannot be created or written
     */
    LocalObservationHistory local(LifecycleEnvironment lifecycle, int capacity, int nodes, Clock clock) {
        StepLog log = new StepLog(dir(), nodes, syncEvery.toMilliseconds() == 0);
        if (syncEvery.toMilliseconds() > 0) {
            lifecycle.scheduledExecutorService("history-sync", true).build()
                    .scheduleWithFixedDelay(log::sync, syncEvery.toMilliseconds(), syncEvery.toMilliseconds(),
                            TimeUnit.MILLISECONDS);
        }
        lifecycle.manage(log);
        return new LocalObservationHistory(capacity, retention(), clock, log);
    }

    public java.time.Duration maxExportRange() {
        return maxExportRange.toJavaDuration();
    }
}
