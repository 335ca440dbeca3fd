package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped nginx/roadcast.conf in a real Nginx in front of two stub upstreams that count what they
 * receive: a POST an upstream answered (503 here) is never sent to the other one, while a POST whose
 * connection was refused still fails over (the drain relies on that).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NginxRetryIT {
    private static final String WELL_FORMED_KEY = "rc_abcdefghij_" + "A".repeat(43);
    private final Path dir;
    private final Tls tls;
    private final HttpClient http;
    private Nginx nginx;
    private HttpServer first;
    private HttpServer second;

    NginxRetryIT() throws Exception {
        dir = Files.createTempDirectory("roadcast-retry");
        tls = Tls.generate(dir.resolve("tls"));
        http = HttpClient.newBuilder().sslContext(tls.clientContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        for (HttpServer server : new HttpServer[] {first, second}) {
            if (server != null) {
                server.stop(0);
            }
        }
    }

    /** An upstream answering every request with {@code status}, counting them. */
    private static HttpServer stub(int status, AtomicInteger count) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            count.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"code\":" + status + ",\"message\":\"stub\",\"request_id\":\"x\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + nginx.httpsPort() + path))
                .header("X-API-Key", WELL_FORMED_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{\"horizons\":[1]}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPostAnUpstreamAnswered503IsNotSentToTheOtherOne() throws Exception {
        AtomicInteger one = new AtomicInteger();
        AtomicInteger two = new AtomicInteger();
        first = stub(503, one);
        second = stub(503, two);
        nginx = Nginx.configure(dir.resolve("nginx"), tls,
                List.of(first.getAddress().getPort(), second.getAddress().getPort()), true).start();
        for (String path : List.of("/v1/predict", "/v1/nodes/773869/predict", "/v1/observations")) {
            int before = one.get() + two.get();
            HttpResponse<String> reply = post(path);
            assertThat(reply.statusCode()).as(path).isEqualTo(503);
            assertThat(one.get() + two.get() - before).as(path + ": upstream requests for one POST (%d, %d)", one.get(), two.get())
                    .isEqualTo(1);
        }
    }

    @Test
    void aPostWhoseConnectionWasRefusedGoesToTheOtherUpstream() throws Exception {
        AtomicInteger served = new AtomicInteger();
        int refusing;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            refusing = closed.getLocalPort();
        }
        first = stub(200, served);
        nginx = Nginx.configure(dir.resolve("nginx"), tls, List.of(refusing, first.getAddress().getPort()), true).start();
        for (int i = 0; i < 4; i++) {
            assertThat(post("/v1/predict").statusCode()).as("try %d", i).isEqualTo(200);
        }
        assertThat(served.get()).isEqualTo(4);
    }
}
