package com.roadcast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.RedisServer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** Debian's real {@code prometheus} on a free loopback port, with a given configuration, queried over its HTTP API. */
final class PrometheusServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final URI base;
    private final File log;

    private PrometheusServer(Process process, URI base, File log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static PrometheusServer start(Path config, Path dataDir) throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        File log = dataDir.resolveSibling("prometheus.log").toFile();
        Process process = new ProcessBuilder(Promtool.binary("prometheus"),
                "--config.file=" + config, "--storage.tsdb.path=" + dataDir,
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log).start();
        PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (server.status("/-/ready") == 200) {
                return server;
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IOException("prometheus did not become ready; see " + log);
    }

    private int status(String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** GET of an API path; fails unless Prometheus answers {@code "status":"success"}. Returns {@code data}. */
    JsonNode api(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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

    File log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
