package com.roadcast.ops;

import com.roadcast.forecast.ForecastEngine;
import com.roadcast.ops.metrics.RoadcastMetrics;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Admin {@code GET /metrics} in the Prometheus text format: the {@code roadcast_} families (requests by
 * route template and status class, inference, cache, model, observations, limits, auth, Redis; see
 * {@link RoadcastMetrics}), the JVM's and the process's own, and Jetty's Dropwizard metrics bridged by
 * client_java. Features are watched through narrow seams (see {@link RoadcastMetrics}).
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
            // a connector with a bindHost (the admin one: 127.0.0.1) is named HttpConnectionFactory.HOST.PORT
            new MapperConfig("org.eclipse.jetty.server.HttpConnectionFactory.*.*.*.*.*.connections",
                    "jetty_connections_host_${0}_${1}_${2}_${3}_port_${4}", Map.of()),
            new MapperConfig("TimeBoundHealthCheck-pool.*", "healthcheck_pool_${0}", Map.of()),
            new MapperConfig("ch.qos.logback.core.Appender.*", "logback_appender_${0}_events", Map.of()));
    /** Dropwizard metrics of our own, replaced by native families (aggregatable histograms, labels). */
    private static final String OWN_PREFIX = "roadcast.";
    /**
     * Jetty's per-method and dispatch timers and its rate gauges: each scrape would compute their reservoir
     * quantiles for series that {@code roadcast_http_*} covers better. Requests, responses by class, active
     * requests, thread pools and connections stay.
     */
    private static final Pattern REDUNDANT = Pattern.compile("io\\.dropwizard\\.jetty\\.MutableServletContextHandler\\."
            + "((connect|delete|get|head|move|options|other|post|put|trace)-requests|percent-.*|async-.*|dispatches"
            + "|active-dispatches|active-suspended)");

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
        DropwizardExports.builder()
                .dropwizardRegistry(environment.metrics())
                .metricFilter((name, metric) -> !name.startsWith(OWN_PREFIX) && !REDUNDANT.matcher(name).matches())
                .customLabelMapper(new CustomLabelMapper(SNAKE_CASE_NAMES))
                .register(registry);
        JvmMetrics.builder().register(registry);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(registry)).addMapping("/metrics");
        return metrics;
    }
}
