package com.roadcast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Debian's real {@code prometheus} on a free loopback port, with a given configuration, queried over its HTTP API. */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LoopbackDaemon daemon;

    private PrometheusServer(LoopbackDaemon daemon) {
        this.daemon = daemon;
    }

    static PrometheusServer start(Path config, Path dataDir) throws IOException, InterruptedException {
        return new PrometheusServer(LoopbackDaemon.start("prometheus", dataDir.resolveSibling("prometheus.log").toFile(),
                "--config.file=" + config, "--storage.tsdb.path=" + dataDir, "--log.level=warn"));
    }

    /** GET of an API path; fails unless Prometheus answers {@code "status":"success"}. Returns {@code data}. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = daemon.get(pathAndQuery);
        JsonNode body = MAPPER.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError(pathAndQuery + " -> " + response.statusCode() + " " + body.path("errorType").asText()
                    + ": " + body.path("error").asText());
        }
        return body.path("data");
    }

    /** An instant query now: its result vector (fails on a parse or evaluation error). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
    }

    /** An instant query's first value, NaN when it returns no series; for assertions retried by Eventually. */
    double value(String promql) {
        JsonNode result = LoopbackDaemon.unchecked(() -> query(promql));
        return result.isEmpty() ? Double.NaN : result.get(0).path("value").path(1).asDouble();
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
