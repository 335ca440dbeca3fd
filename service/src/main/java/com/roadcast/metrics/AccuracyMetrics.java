package com.roadcast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.accuracy.Accuracy;
import com.roadcast.accuracy.AccuracyReport;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live accuracy over the last hour of data (targets up to the newest step), per horizon (the bundle's
 * horizons) and role ({@code serving}, and {@code shadow} while one runs): the model's MAE, persistence's
 * on the same pairs, the skill between them, the pairs scored, and the serving bundle's validation MAE the
 * alert compares with. A horizon with no pair scored has no sample.
 */
final class AccuracyMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(AccuracyMetrics.class);

    private AccuracyMetrics() {}

    static void watch(PrometheusRegistry registry, Accuracy accuracy, ModelRegistry models) {
        lastHour(registry, accuracy, "roadcast_forecast_mae_mph",
                "Serving model's mean absolute error over the last hour of target times, by horizon", AccuracyReport.Horizon::mae);
        lastHour(registry, accuracy, "roadcast_forecast_persistence_mae_mph",
                "Persistence forecast's (last reading) mean absolute error on the same pairs, by horizon",
                AccuracyReport.Horizon::persistenceMae);
        lastHour(registry, accuracy, "roadcast_forecast_skill",
                "1 - model MAE / persistence MAE over the last hour, by horizon: below 0 the model is worse than "
                        + "repeating the last reading", AccuracyMetrics::skill);
        lastHour(registry, accuracy, "roadcast_forecast_scored_pairs",
                "Pairs (sensor, target time) scored over the last hour, by horizon", h -> (double) h.count());
        GaugeWithCallback.builder()
                .name("roadcast_model_validation_mae_mph")
                .help("The serving bundle's validation mean absolute error, by horizon (from model.json)")
                .labelNames("horizon")
                .callback(value -> validationMae(models.active(), value))
                .register(registry);
    }

    private static void lastHour(PrometheusRegistry registry, Accuracy accuracy, String name, String help,
            Function<AccuracyReport.Horizon, @Nullable Double> figure) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("horizon", "role")
                .callback(value -> {
                    AccuracyReport report = recent(accuracy);
                    if (report == null) {
                        return;
                    }
                    emit(report.horizons(), "serving", figure, value);
                    AccuracyReport.Shadow shadow = report.shadow();
                    if (shadow != null) {
                        emit(shadow.horizons(), "shadow", figure, value);
                    }
                })
                .register(registry);
    }

    private static void emit(List<AccuracyReport.Horizon> horizons, String role,
            Function<AccuracyReport.Horizon, @Nullable Double> figure, GaugeWithCallback.Callback value) {
        for (AccuracyReport.Horizon horizon : horizons) {
            Double v = horizon.count() == 0 ? null : figure.apply(horizon);
            if (v != null && Double.isFinite(v)) {
                value.call(v, Integer.toString(horizon.horizon()), role);
            }
        }
    }

    private static @Nullable AccuracyReport recent(Accuracy accuracy) {
        try {
            return accuracy.lastHour();
        } catch (RuntimeException unreadable) {
            LOG.debug("Accuracy metrics skipped: {}", unreadable.getMessage());
            return null;
        }
    }

    private static @Nullable Double skill(AccuracyReport.Horizon horizon) {
        Double mae = horizon.mae();
        Double persistence = horizon.persistenceMae();
        return mae == null || persistence == null || persistence == 0 ? null : 1 - mae / persistence;
    }

    private static void validationMae(LoadedModel model, GaugeWithCallback.Callback value) {
        JsonNode mae = model.metadata().validation() == null ? null : model.metadata().validation().path("mae");
        if (mae != null) {
            mae.fields().forEachRemaining(h -> {
                if (h.getValue().isNumber()) {
                    value.call(h.getValue().asDouble(), h.getKey());
                }
            });
        }
    }
}
