package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that writes a POST's headers, then its body 10 ms later (Java's HttpClient writes them
 * separately) on a kept-alive connection: an error answered before the body was read (401 without a
 * key, 503 while the rate limiter fails closed) must leave the connection usable for the next request.
 * Before the fix the service closed it after such an answer without saying {@code Connection: close},
 * and the next request on it failed. A body that never comes holds the answer (and a thread) only
 * briefly, and then the answer does say {@code Connection: close}.
 */
@Timeout(120)
class SplitBodyKeepAliveIT {
    private static final int REQUESTS = 30;
    private static final String BODY = "{\"horizons\":[1]}";

    @Test
    void aMissingKeyKeepsTheConnection() throws IOException, InterruptedException {
        try (TestApp app = TestApp.start("rateLimits.failedAuthPerIp", "1000")) {
            assertThat(splitPostsOnOneConnection(app.base(), null)).hasSize(REQUESTS).containsOnly(401);
        }
    }

    @Test
    void aLimiterFailingClosedKeepsTheConnection() throws IOException, InterruptedException {
        try (RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withRedis(redis, Files.createTempDirectory("split-keys").resolve("keys.json"),
                        "rateLimits.failOpen", "false")) {
            String key = app.createKey("read", "standard");
            assertThat(app.client(key).get("/v1/model").status()).isEqualTo(200);
            redis.kill();
            assertThat(splitPostsOnOneConnection(app.base(), key)).hasSize(REQUESTS).containsOnly(503);
        }
    }

    @Test
    void aBodyThatNeverComesGetsItsAnswerPromptlyWithConnectionClose() throws IOException {
        try (TestApp app = TestApp.start(); RawHttp http = new RawHttp(app.base(), 10_000)) {
            long start = System.nanoTime();
            http.send(head(null));
            RawHttp.Answer answer = http.readOne();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(millis).as("ms until the answer (the connector's idle timeout is 30 s)").isLessThan(5000);
        }
    }

    /**
     * A POST of a large body (100 KB) to a path no resource serves, answered 404 before the body was
     * read: the body, written 10 ms after the headers, is read and discarded first, so the connection
     * stays usable for the next request.
     */
    @Test
    void anUnknownPathKeepsTheConnection() throws IOException, InterruptedException {
        String body = "{\"horizons\":[1],\"nodes\":[\"" + "9".repeat(100_000) + "\"]}";
        try (TestApp app = TestApp.start(); RawHttp http = new RawHttp(app.base(), 10_000)) {
            for (int i = 1; i <= 3; i++) {
                http.send("POST /v1/nope HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n");
                TimeUnit.MILLISECONDS.sleep(10); // kept: the body comes 10 ms after the headers, the case under test
                http.send(body);
                RawHttp.Answer answer = http.readOne();
                assertThat(answer.status()).as("request %d (%s)", i, answer.body()).isEqualTo(404);
                assertThat(answer.body()).contains("\"code\":404");
                assertThat(answer.headers().get("connection")).as("request %d: Connection", i).isNotEqualToIgnoringCase("close");
            }
            http.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(http.readOne().status()).as("the next request on the connection").isEqualTo(200);
        }
    }

    /**
     * {@code Expect: 100-continue} and no key: refused at once, without waiting for a body the client
     * was never asked for; the connection then says it closes or stays usable.
     */
    @Test
    void aClientAwaitingContinueIsRefusedAtOnce() throws IOException {
        try (TestApp app = TestApp.start()) {
            try (RawHttp warmUp = new RawHttp(app.base(), 10_000)) {
                warmUp.send(head(null) + BODY);
                assertThat(warmUp.readOne().status()).isEqualTo(401);
            }
            try (RawHttp http = new RawHttp(app.base(), 10_000)) {
                long start = System.nanoTime();
                http.send(head(null).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
                RawHttp.Answer answer = http.readOne();
                assertThat(answer.status()).as(answer.body()).isEqualTo(401);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms until the answer")
                        .isLessThan(800);
                if (!"close".equalsIgnoreCase(answer.headers().get("connection"))) {
                    http.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                    assertThat(http.readOne().status()).as("the next request on the connection").isEqualTo(200);
                }
            }
        }
    }

    /**
     * {@link #REQUESTS} split POSTs to /v1/predict, all on one connection: the statuses answered. A
     * connection closed, announced or not, fails the test: these bodies are small and prompt.
     */
    private static List<Integer> splitPostsOnOneConnection(URI base, String key) throws IOException, InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        try (RawHttp http = new RawHttp(base, 10_000)) {
            for (int i = 1; i <= REQUESTS; i++) {
                RawHttp.Answer answer;
                try {
                    http.send(head(key));
                    TimeUnit.MILLISECONDS.sleep(10); // kept: the body comes 10 ms after the headers, the case under test
                    http.send(BODY);
                    answer = http.readOne();
                } catch (IOException e) {
                    answer = new RawHttp.Answer(0, Map.of(), e.toString());
                }
                assertThat(answer.status())
                        .as("request %d of %d: the connection was closed without Connection: close (%s)", i, REQUESTS,
                                answer.body())
                        .isNotZero();
                assertThat(answer.body()).contains("\"code\":" + answer.status());
                assertThat(answer.headers().get("connection")).as("request %d of %d: Connection", i, REQUESTS)
                        .isNotEqualToIgnoringCase("close");
                statuses.add(answer.status());
            }
        }
        return statuses;
    }

    private static String head(String key) {
        return "POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "X-API-Key: " + key + "\r\n") + "Content-Length: " + BODY.length() + "\r\n\r\n";
    }
}
