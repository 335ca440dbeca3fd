package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.RedisServer;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which requests the shipped Nginx sends to a second instance. The upstreams here are stand-ins that
 * count what reaches them and answer a fixed status: the behaviour under test is Nginx's, and a real
 * instance cannot be made to answer 503 to a forecast on demand. A POST that reached an instance is
 * never sent to another (it may have spent a rate-limit permit or stored a batch there); one that
 * never reached any is; GETs are retried on 503.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class NginxRetryIT {
    private static final String KEY = "rc_abcdefghij_" + "A".repeat(43);

    @Test
    void aPostAnswered503IsNotSentToAnotherInstanceButAGetIs(@TempDir Path dir) throws Exception {
        try (Upstream first = Upstream.answering(503); Upstream second = Upstream.answering(503);
                Edge edge = Edge.start(dir, first.port(), second.port())) {
            assertThat(edge.get("/v1/model").statusCode()).isEqualTo(503);
            assertThat(first.hits() + second.hits()).as("instances that saw GET /v1/model").isEqualTo(2);
            // Three POSTs at most: a third failure in 5 s takes an instance out of rotation (max_fails).
            for (String path : List.of("/v1/predict", "/v1/nodes/773869/predict", "/v1/observations")) {
                int before = first.hits() + second.hits();
                HttpResponse<String> answer = edge.post(path, "{}");
                assertThat(answer.statusCode()).as(path).isEqualTo(503);
                assertThat(first.hits() + second.hits() - before).as("instances that saw POST " + path).isEqualTo(1);
            }
        }
    }

    @Test
    void aPostThatReachedNoInstanceGoesToTheNext(@TempDir Path dir) throws Exception {
        int closed = RedisServer.freePort();
        try (Upstream open = Upstream.answering(200); Edge edge = Edge.start(dir, closed, open.port())) {
            for (int i = 0; i < 4; i++) {
                assertThat(edge.post("/v1/predict", "{}").statusCode()).as("try %d", i).isEqualTo(200);
            }
            assertThat(open.hits()).isEqualTo(4);
        }
    }

    /** An HTTP server on 127.0.0.1 that counts requests and answers every one with one status. */
    private record Upstream(HttpServer server, AtomicInteger count) implements AutoCloseable {
        static Upstream answering(int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            AtomicInteger count = new AtomicInteger();
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                count.incrementAndGet();
                byte[] body = ("{\"code\":" + status + ",\"message\":\"stand-in\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return new Upstream(server, count);
        }

        int port() {
            return server.getAddress().getPort();
        }

        int hits() {
            return count.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The shipped site in a real Nginx in front of two upstream ports. */
    private record Edge(Nginx nginx, HttpClient http) implements AutoCloseable {
        static Edge start(Path dir, int first, int second) throws Exception {
            Tls tls = Tls.generate(dir.resolve("tls"));
            Nginx nginx = Nginx.configure(dir.resolve("nginx"), tls, List.of(first, second), true).start();
            HttpClient http = HttpClient.newBuilder().sslContext(tls.clientContext())
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            return new Edge(nginx, http);
        }

        HttpResponse<String> post(String path, String json) throws Exception {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(request(path).GET());
        }

        private HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + nginx.httpsPort() + path))
                    .timeout(Duration.ofSeconds(20)).header("X-API-Key", KEY);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            nginx.close();
        }
    }
}
