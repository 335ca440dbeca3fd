package com.roadcast.status;

import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.roadcast.accuracy.AccuracyReport;
import com.roadcast.model.BundleMetadata;
import com.roadcast.model.LoadedModel;
import com.roadcast.observation.Step;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.observation.WindowUnavailableException;
import com.roadcast.quality.QualityReport;
import com.roadcast.quality.SensorQuality;
import com.roadcast.quality.SensorStatus;
import com.roadcast.record.ForecastRecord;
import com.roadcast.record.RecordsUnavailableException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** Reads the page's views from the sources, each when asked (the page asks on load and on each new window). */
final class StatusReader {
    private static final Duration ACCURACY_RANGE = Duration.ofHours(24);
    private final StatusSources sources;
    private final HealthCheckRegistry checks;
    private final @Nullable String tileUrl;
    private final Duration historyShown;
    private final Instant startedAt = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    StatusReader(StatusSources sources, HealthCheckRegistry checks, @Nullable String tileUrl, int historyHours) {
        this.sources = sources;
        this.checks = checks;
        this.tileUrl = tileUrl;
        this.historyShown = Duration.ofHours(historyHours);
    }

    StatusViews.Network network() {
        LoadedModel model = sources.models().active();
        List<StatusViews.Sensor> sensors = new ArrayList<>(model.catalog().size());
        for (int i = 0; i < model.catalog().size(); i++) {
            BundleMetadata.Node node = model.catalog().get(i);
            sensors.add(new StatusViews.Sensor(node.id(), node.latitude(), node.longitude()));
        }
        return new StatusViews.Network(model.name(), model.version(), model.zone().getId(),
                (int) model.interval().toMinutes(), model.horizons(), tileUrl, sensors);
    }

    StatusViews.Summary summary() {
        LoadedModel model = sources.models().active();
        WindowSnapshot window = sources.history().snapshot();
        QualityReport quality = sources.sensors().current();
        Instant now = sources.clock().instant();
        List<@Nullable Double> speeds = new ArrayList<>(model.catalog().size());
        List<String> statuses = new ArrayList<>(model.catalog().size());
        for (int i = 0; i < model.catalog().size(); i++) {
            speeds.add(window.steps().isEmpty() ? null : speed(window.steps().get(window.steps().size() - 1), i));
            statuses.add(quality.sensor(i).status().label());
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SensorStatus status : SensorStatus.values()) {
            counts.put(status.label(), quality.count(status));
        }
        Optional<Instant> lastIngest = window.lastIngestAt();
        Accuracy accuracy = accuracy(window);
        return new StatusViews.Summary(
                new StatusViews.Model(model.name(), model.version(), model.localTime(model.loadedAt()),
                        sources.models().shadow().map(shadow -> shadow.name() + " " + shadow.version()).orElse(null)),
                window.latestStep().map(model::localTime).orElse(null), lastIngest.map(Instant::toString).orElse(null),
                lastIngest.map(at -> Duration.between(at, now).toSeconds()).orElse(null), window.steps().size(),
                sources.history().capacity(), speeds, statuses, counts, accuracy.report(), accuracy.note(), checks(),
                new StatusViews.Instance(!sources.readiness().draining(), startedAt.toString(),
                        Duration.between(startedAt, now).toSeconds(),
                        sources.sharedRedis() ? "shared (redis.url)" : "not configured: embedded, in-process state"));
    }

    /** The sensor's readings over the hours shown, and the forecast of record of the current window; empty when unknown. */
    Optional<StatusViews.SensorDetail> sensor(String id) {
        LoadedModel model = sources.models().active();
        OptionalInt found = model.catalog().indexOf(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        int index = found.getAsInt();
        WindowSnapshot window = sources.history().snapshot();
        SensorQuality quality = sources.sensors().current().sensor(index);
        Instant lastReading = quality.lastReadingAt();
        return Optional.of(new StatusViews.SensorDetail(id, quality.status().label(),
                lastReading == null ? null : model.localTime(lastReading), quality.missingRatio24h(),
                readings(window, index), window.latestStep().flatMap(sources.records()::get)
                        .filter(record -> record.nodes() == model.catalog().size())
                        .map(record -> forecast(model, record, index)).orElse(null)));
    }

    private StatusViews.Series readings(WindowSnapshot window, int index) {
        List<Long> times = new ArrayList<>();
        List<@Nullable Double> speeds = new ArrayList<>();
        if (window.latestStep().isPresent()) {
            Instant newest = window.latestStep().get();
            Iterator<Step> steps = sources.history().range(newest.minus(historyShown), newest);
            while (steps.hasNext()) {
                Step step = steps.next();
                times.add(step.time().getEpochSecond());
                speeds.add(speed(step, index));
            }
        }
        return new StatusViews.Series(times, speeds);
    }

    private static StatusViews.Forecast forecast(LoadedModel model, ForecastRecord record, int index) {
        List<Integer> minutes = new ArrayList<>(record.horizons());
        List<Long> times = new ArrayList<>(record.horizons());
        List<@Nullable Double> speeds = new ArrayList<>(record.horizons());
        for (int h = 1; h <= record.horizons(); h++) {
            Duration ahead = model.interval().multipliedBy(h);
            minutes.add((int) ahead.toMinutes());
            times.add(record.dataAsOf().plus(ahead).getEpochSecond());
            speeds.add(record.servedSpeed(h, index));
        }
        return new StatusViews.Forecast(model.localTime(record.dataAsOf()), minutes, new StatusViews.Series(times, speeds));
    }

    private static @Nullable Double speed(Step step, int index) {
        float speed = index < step.speeds().length ? step.speeds()[index] : Float.NaN;
        return Float.isNaN(speed) ? null : Math.round(speed * 100.0) / 100.0;
    }

    private record Accuracy(@Nullable AccuracyReport report, String note) {}

    /** The last 24 h of scored pairs, as {@code GET /v1/model/accuracy} answers by default; none before the first. */
    private Accuracy accuracy(WindowSnapshot window) {
        if (window.latestStep().isEmpty()) {
            return new Accuracy(null, "not yet available: no data");
        }
        Instant newest = window.latestStep().get();
        try {
            AccuracyReport report = sources.accuracy().report(newest.minus(ACCURACY_RANGE), newest);
            return report.horizons().stream().anyMatch(horizon -> horizon.count() > 0)
                    ? new Accuracy(report, "last 24 h of targets")
                    : new Accuracy(null, "not yet available: no forecast has met its reading yet");
        } catch (RecordsUnavailableException | WindowUnavailableException e) {
            return new Accuracy(null, "not available now: the history or the forecasts of record cannot be read");
        }
    }

    private List<StatusViews.Check> checks() {
        List<StatusViews.Check> results = new ArrayList<>();
        for (Map.Entry<String, HealthCheck.Result> check : checks.runHealthChecks().entrySet()) {
            results.add(new StatusViews.Check(check.getKey(), check.getValue().isHealthy(), check.getValue().getMessage()));
        }
        return results;
    }
}
