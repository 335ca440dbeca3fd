package com.roadcast.metrics;

import com.roadcast.observation.DuplicateStepException;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.Step;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.observation.WindowUnavailableException;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * The observation window, counted: steps stored and refused (by reason), readings that arrived missing
 * (imputed at forecast time), and data freshness read at scrape time. Steps refused by validation never
 * reach the window; they show as 4xx on {@code /v1/observations} in the HTTP metrics.
 */
final class ObservedHistory implements ObservationHistory {
    private final ObservationHistory window;
    private final CounterDataPoint ingested;
    private final CounterDataPoint missing;
    private final CounterDataPoint duplicate;
    private final CounterDataPoint unavailable;

    ObservedHistory(ObservationHistory window, PrometheusRegistry registry, Clock clock) {
        this.window = window;
        ingested = Counter.builder()
                .name("roadcast_observation_steps_ingested_total")
                .help("Observation steps stored (in the window, or acknowledged as older than it)")
                .register(registry);
        missing = Counter.builder()
                .name("roadcast_observation_readings_missing_total")
                .help("Sensor readings absent from stored steps (imputed when forecasting)")
                .register(registry);
        Counter rejected = Counter.builder()
                .name("roadcast_observation_steps_rejected_total")
                .help("Observation steps the window refused, by reason (duplicate: time already stored; "
                        + "unavailable: the store could not be reached)")
                .labelNames("reason")
                .register(registry);
        duplicate = rejected.labelValues("duplicate");
        unavailable = rejected.labelValues("unavailable");
        Instant started = clock.instant();
        GaugeWithCallback.builder()
                .name("roadcast_observation_last_ingest_age_seconds")
                .help("Seconds since observations last arrived (since start when none has arrived yet)")
                .callback(value -> value.call(secondsSince(
                        window.snapshot().lastIngestAt().orElse(started), clock)))
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_observation_newest_step_age_seconds")
                .help("Age of the newest step in the window (its timestamp, not its arrival); absent when empty")
                .callback(value -> window.snapshot().latestStep().ifPresent(t -> value.call(secondsSince(t, clock))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_observation_window_steps")
                .help("Steps in the observation window (forecasts need it full)")
                .callback(value -> value.call(window.snapshot().steps().size()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_observation_window_capacity_steps")
                .help("Steps the observation window keeps")
                .callback(value -> value.call(window.capacity()))
                .register(registry);
    }

    private static double secondsSince(Instant instant, Clock clock) {
        return Duration.between(instant, clock.instant()).toMillis() / 1000.0;
    }

    @Override
    public boolean[] append(List<Step> steps) {
        boolean[] kept;
        try {
            kept = window.append(steps);
        } catch (DuplicateStepException e) {
            duplicate.inc(steps.size());
            throw e;
        } catch (WindowUnavailableException e) {
            unavailable.inc(steps.size());
            throw e;
        }
        ingested.inc(steps.size());
        missing.inc(steps.stream().mapToInt(Step::missingCount).sum());
        return kept;
    }

    @Override
    public WindowSnapshot snapshot() {
        return window.snapshot();
    }

    @Override
    public int capacity() {
        return window.capacity();
    }

    @Override
    public Duration retention() {
        return window.retention();
    }

    @Override
    public Iterator<Step> range(Instant from, Instant to) {
        return window.range(from, to);
    }
}
