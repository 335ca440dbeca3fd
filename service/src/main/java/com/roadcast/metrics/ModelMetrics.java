package com.roadcast.metrics;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelReloader;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The serving model: loaded or not, its name and version (one series: the active model), when it was
 * loaded, and reloads by outcome, counted on every instance that loads (asked here or told by another).
 */
final class ModelMetrics implements ModelReloader.Outcomes {
    private final CounterDataPoint loaded;
    private final CounterDataPoint rejected;

    ModelMetrics(PrometheusRegistry registry) {
        Counter reloads = Counter.builder()
                .name("roadcast_model_reloads_total")
                .help("Model reloads by outcome: loaded (validated and swapped in) or rejected (old model kept)")
                .labelNames("outcome")
                .register(registry);
        loaded = reloads.labelValues("loaded");
        rejected = reloads.labelValues("rejected");
    }

    @Override
    public void reloaded(boolean swappedIn) {
        (swappedIn ? loaded : rejected).inc();
    }

    static void watch(PrometheusRegistry registry, ModelRegistry models) {
        GaugeWithCallback.builder()
                .name("roadcast_model_loaded")
                .help("1 while a validated model serves forecasts, else 0")
                .callback(value -> value.call(models.active() != null ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_model_loaded_timestamp_seconds")
                .help("When the serving model was loaded (Unix time)")
                .callback(value -> {
                    LoadedModel model = models.active();
                    if (model != null) {
                        value.call(model.loadedAt().toEpochMilli() / 1000.0);
                    }
                })
                .register(registry);
        registry.register(() -> {
            LoadedModel model = models.active();
            InfoSnapshot.Builder info = InfoSnapshot.builder().name("roadcast_model").help("The serving model");
            if (model != null) {
                info.dataPoint(new InfoSnapshot.InfoDataPointSnapshot(
                        Labels.of("name", model.name(), "version", model.version())));
            }
            return info.build();
        });
    }
}
