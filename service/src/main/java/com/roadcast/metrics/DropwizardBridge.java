package com.roadcast.metrics;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.CustomLabelMapper;
import io.prometheus.metrics.instrumentation.dropwizard5.labels.MapperConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which of Dropwizard's metrics (Jetty's, Logback's, the health-check pool's) reach {@code /metrics}, and
 * under which snake_case names. Only a metric that a mapping below names is bridged: Dropwizard's own JVM
 * sets ({@code jvm.*}, registered when the jar runs) repeat JvmMetrics's figures under names promtool
 * rejects; a name no mapping covers would come through camelCase or with dots turned into underscores (e.g.
 * the connection timer of a connector with a bindHost, named HOST.PORT: mapped, two connectors on port 0 would
 * share a family and fail the whole scrape); our own {@code roadcast.*} ones are replaced by native families.
 */
final class DropwizardBridge {
    /** Each Dropwizard metric stays its own family (the bridge cannot merge several into one with labels). */
    private static final List<MapperConfig> SNAKE_CASE_NAMES = List.of(
            new MapperConfig("io.dropwizard.jetty.MutableServletContextHandler.*", "jetty_handler_${0}", Map.of()),
            new MapperConfig("org.eclipse.jetty.util.thread.QueuedThreadPool.*.*", "jetty_thread_pool_${0}_${1}", Map.of()),
            new MapperConfig("org.eclipse.jetty.server.HttpConnectionFactory.*.connections", "jetty_connections_port_${0}",
                    Map.of()),
            new MapperConfig("TimeBoundHealthCheck-pool.*", "healthcheck_pool_${0}", Map.of()),
            new MapperConfig("ch.qos.logback.core.Appender.*", "logback_appender_${0}_events", Map.of()));
    /** The mappings' globs as one regex; a glob's {@code *} is one dot-free part of the name, as client_java reads it. */
    private static final Pattern MAPPED = Pattern.compile(SNAKE_CASE_NAMES.stream()
            .map(config -> Arrays.stream(config.getMatch().split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining("[^.]*")))
            .collect(Collectors.joining("|")));
    /**
     * Jetty's per-method and dispatch timers and its rate gauges: each scrape would compute their reservoir
     * quantiles for series that {@code roadcast_http_*} covers better. Requests, responses by class, active
     * requests, thread pools and connections stay.
     */
    private static final Pattern REDUNDANT = Pattern.compile("io\\.dropwizard\\.jetty\\.MutableServletContextHandler\\."
            + "((connect|delete|get|head|move|options|other|post|put|trace)-requests|percent-.*|async-.*|dispatches"
            + "|active-dispatches|active-suspended)");

    private DropwizardBridge() {}

    /** Bridges the mapped metrics of {@code dropwizard}, now and as they are registered later, into {@code registry}. */
    static void register(MetricRegistry dropwizard, PrometheusRegistry registry) {
        DropwizardExports.builder()
                .dropwizardRegistry(dropwizard)
                .metricFilter((name, metric) -> bridged(name))
                .customLabelMapper(new CustomLabelMapper(SNAKE_CASE_NAMES))
                .register(registry);
    }

    private static boolean bridged(String dropwizardName) {
        return MAPPED.matcher(dropwizardName).matches() && !REDUNDANT.matcher(dropwizardName).matches();
    }
}
