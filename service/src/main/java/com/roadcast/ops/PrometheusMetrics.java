package com.roadcast.ops;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;

/**
 * Admin {@code GET /metrics} in the Prometheus text format: every Dropwizard metric (requests, Jetty,
 * inference, cache levels; dots become underscores) bridged by client_java, plus the JVM's own.
 */
public final class PrometheusMetrics {
    /**
     * Dropwizard's and Jetty's camelCase metric names in Prometheus's snake_case. Each Dropwizard metric
     * stays its own family (the bridge cannot merge several into one family with labels).
     */
    private static final List<MapperConfig> SNAKE_CASE_NAMES = List.of(
            new MapperConfig("io.dropwizard.jetty.MutableServletContextHandler.*", "jetty_handler_${0}", Map.of()),
            new MapperConfig("org.eclipse.jetty.util.thread.QueuedThreadPool.*.*", "jetty_thread_pool_${0}_${1}", Map.of()),
            new MapperConfig("org.eclipse.jetty.server.HttpConnectionFactory.*.connections", "jetty_connections_port_${0}",
                    Map.of()),
            new MapperConfig("TimeBoundHealthCheck-pool.*", "healthcheck_pool_${0}", Map.of()));

    private PrometheusMetrics() {}

    public static void install(Environment environment) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder()
                .dropwizardRegistry(environment.metrics())
                .customLabelMapper(new CustomLabelMapper(SNAKE_CASE_NAMES))
                .register(registry);
        JvmMetrics.builder().register(registry);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping("/metrics");
    }
}
