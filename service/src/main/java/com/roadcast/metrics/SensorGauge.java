package com.roadcast.metrics;

import com.roadcast.quality.QualityReport;
import com.roadcast.quality.SensorHealth;
import com.roadcast.quality.SensorStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** {@code roadcast_sensors{status}}: every status always present, read from the per-revision report at scrape. */
final class SensorGauge {

    private SensorGauge() {}

    static void register(PrometheusRegistry registry, SensorHealth health) {
        GaugeWithCallback.builder()
                .name("roadcast_sensors")
                .help("Sensors by health status (ok, missing, stuck, stale) in data time, as of the current window")
                .labelNames("status")
                .callback(value -> {
                    QualityReport report = health.current();
                    for (SensorStatus status : SensorStatus.values()) {
                        value.call(report.count(status), status.label());
                    }
                })
                .register(registry);
    }
}
