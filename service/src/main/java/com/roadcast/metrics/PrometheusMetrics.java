package com.roadcast.metrics;

import com.roadcast.forecast.ForecastEngine;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Set;

/**
 * Admin {@code GET /metrics} in the Prometheus text format: the {@code roadcast_} families (requests by
 * route template and status class, inference, cache, model, observations, limits, auth, Redis; see
 * {@link RoadcastMetrics}), the JVM's and the process's own (client_java's JvmMetrics, the one JVM set), and
 * Jetty's Dropwizard metrics bridged by client_java (see {@link DropwizardBridge}). Features are watched
 * through narrow seams (see {@link RoadcastMetrics}).
 */
public final class PrometheusMetrics {
    private PrometheusMetrics() {}

    /**
     * Serves {@code /metrics} on the admin port, times every API request, and feeds the inference timer
     * into a histogram. Call first in {@code run()}, before features create their Dropwizard metrics.
     *
     * @param tiers the configured tiers, the only values of the {@code tier} label (others: {@code other})
     */
    public static RoadcastMetrics install(Environment environment, Set<String> tiers, Clock clock) {
        PrometheusRegistry registry = new PrometheusRegistry();
        RoadcastMetrics metrics = new RoadcastMetrics(registry, tiers, clock);
        environment.metrics().register(ForecastEngine.INFERENCE_TIMER, metrics.inferenceTimer());
        environment.jersey().register(metrics.httpListener());
        DropwizardBridge.register(environment.metrics(), registry);
        JvmMetrics.builder().register(registry);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping("/metrics");
        return metrics;
    }
}
