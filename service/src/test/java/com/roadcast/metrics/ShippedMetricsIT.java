package com.roadcast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.JarProcess;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin /metrics of the shaded jar started as an operator starts it ({@code java -jar roadcast.jar server
 * config.yml}): only then does Dropwizard register its own JVM metric sets, which the in-JVM test support
 * skips. promtool accepts the exposition, and the JVM is described once, by client_java's JvmMetrics.
 */
@Timeout(180)
class ShippedMetricsIT {
    @TempDir
    Path temp;

    @Test
    void theShippedJarsMetricsPassPromtoolWithOneSetOfJvmFamilies() throws Exception {
        String text;
        int port;
        int adminPort;
        try (JarProcess jar = JarProcess.start(JarProcess.built("service/target/roadcast.jar"), "config.yml", temp)) {
            HttpResponse<String> reply = jar.get(true, "/metrics");
            assertThat(reply.statusCode()).isEqualTo(200);
            text = reply.body();
            port = jar.port();
            adminPort = jar.adminPort();
        }
        Path file = temp.resolve("scrape.txt");
        Files.writeString(file, text);
        Promtool.Result lint = Promtool.run(file.toFile(), "check", "metrics");
        System.out.println("promtool check metrics (shipped jar): " + (lint.output().isBlank() ? "clean" : lint.output()));
        assertThat(lint.output()).as("promtool reports nothing").isBlank();
        assertThat(lint.exit()).isZero();

        List<String> families = families(text);
        assertThat(families).as("no family twice").doesNotHaveDuplicates();
        assertThat(families).as("JvmMetrics's families, each once")
                .containsOnlyOnce("jvm_memory_used_bytes", "jvm_threads_current", "jvm_gc_collection_seconds",
                        "jvm_classes_currently_loaded", "jvm_buffer_pool_used_bytes", "process_cpu_seconds_total");
        Set<String> jvmFamilies = families.stream().filter(f -> f.startsWith("jvm_")).collect(Collectors.toCollection(TreeSet::new));
        assertThat(jvmFamilies)
                .as("every jvm_ family is one of JvmMetrics's (none from Dropwizard's own JVM sets)")
                .isSubsetOf(jvmMetricsFamilies());
        assertThat(families).as("bridged Dropwizard metrics and our own").contains("jetty_connections_port_" + port,
                "jetty_thread_pool_dw_admin_utilization", "jetty_handler_requests", "roadcast_http_requests_total");
        assertThat(families).as("the admin connector (bound to loopback) has no family named after its address")
                .noneMatch(family -> family.contains(Integer.toString(adminPort)));
    }

    /** The family names of an exposition, one per {@code # TYPE} line (a family written twice counts twice). */
    private static List<String> families(String exposition) {
        return exposition.lines().filter(line -> line.startsWith("# TYPE ")).map(line -> line.split(" ")[2]).toList();
    }

    /**
     * The families client_java's JvmMetrics writes, from a registry of this JVM holding nothing else, and
     * its allocation counter, which it writes only once a collection has been seen.
     */
    private static Set<String> jvmMetricsFamilies() {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        Set<String> families = new TreeSet<>(families(PrometheusTextFormatWriter.create().toDebugString(registry.scrape())));
        families.add("jvm_memory_pool_allocated_bytes_total");
        return families;
    }
}
