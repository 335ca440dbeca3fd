package com.roadcast.accuracy;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.record.ForecastRecord;
import com.roadcast.record.ForecastRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The serving model's accuracy over a range of target times, computed from the forecasts of record and
 * the history whenever asked (so it always equals a recomputation from them), and over the last hour of
 * data for the metrics, remembered until the window changes.
 */
public final class Accuracy {
    private final ModelRegistry models;
    private final ObservationHistory history;
    private final ForecastRecords records;
    private final ForecastRecords shadowRecords;
    private volatile @Nullable Remembered lastHour;

    private record Remembered(LoadedModel model, @Nullable LoadedModel shadow, long revision, AccuracyReport report) {}

    public Accuracy(ModelRegistry models, ObservationHistory history, ForecastRecords records,
            ForecastRecords shadowRecords) {
        this.models = models;
        this.history = history;
        this.records = records;
        this.shadowRecords = shadowRecords;
    }

    /** The serving model's errors for targets in {@code [from, to]}, and the shadow's when one runs. */
    public AccuracyReport report(Instant from, Instant to) {
        LoadedModel model = models.active();
        AccuracyReport.Shadow shadow = models.shadow()
                .map(candidate -> new AccuracyReport.Shadow(AccuracyReport.Model.of(candidate),
                        horizons(candidate, shadowRecords, from, to)))
                .orElse(null);
        return new AccuracyReport(AccuracyReport.Model.of(model), model.localTime(from), model.localTime(to),
                horizons(model, records, from, to), shadow);
    }

    /** One model's errors per horizon, from its records of windows whose targets fall in {@code [from, to]}. */
    private List<AccuracyReport.Horizon> horizons(LoadedModel model, ForecastRecords kept, Instant from, Instant to) {
        Duration step = model.interval();
        Scorer scorer = new Scorer(step, model.horizons());
        ErrorSums[] sums = scorer.score(ofModel(kept.range(from.minus(step.multipliedBy(model.horizons())),
                to.minus(step)), model), history.range(from, to), from, to);
        List<AccuracyReport.Horizon> horizons = new ArrayList<>(sums.length);
        for (int h = 1; h <= sums.length; h++) {
            horizons.add(AccuracyReport.Horizon.of(h, (int) step.toMinutes() * h, sums[h - 1]));
        }
        return horizons;
    }

    /** The newest stored step's time, where default ranges end; empty before any data. */
    public Optional<Instant> newestStep() {
        return history.snapshot().latestStep();
    }

    /** The last hour of targets (the newest step and those less than an hour before it); null before any data. */
    public @Nullable AccuracyReport lastHour() {
        WindowSnapshot window = history.snapshot();
        LoadedModel model = models.active();
        Remembered known = lastHour;
        if (known != null && known.model() == model && known.shadow() == models.shadow().orElse(null)
                && known.revision() == window.revision()) {
            return known.report();
        }
        if (window.latestStep().isEmpty()) {
            return null;
        }
        Instant newest = window.latestStep().get();
        AccuracyReport report = report(newest.minus(Duration.ofHours(1).minus(model.interval())), newest);
        lastHour = new Remembered(model, models.shadow().orElse(null), window.revision(), report);
        return report;
    }

    /** Only the records {@code model} made, read as the iterator advances. */
    private static Iterator<ForecastRecord> ofModel(Iterator<ForecastRecord> all, LoadedModel model) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(all, Spliterator.ORDERED), false)
                .filter(r -> r.modelName().equals(model.name()) && r.modelVersion().equals(model.version()))
                .iterator();
    }
}
