package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.myzhan.locust4j.stats.RequestFailure;
import com.github.myzhan.locust4j.stats.RequestSuccess;
import com.github.myzhan.locust4j.stats.Stats;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real HTTP server on loopback; what locust4j would report is read from its (unstarted) stats queues,
 * what the worker counts from its ledger.
 */
class ApiClientTest {
    private static final WorkerOptions.TierKey KEY = new WorkerOptions.TierKey("premium", "k");
    private HttpServer server;
    private Ledger ledger;
    private ApiClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200, "{\"fine\":true}"));
        server.createContext("/limited", exchange -> {
            exchange.getResponseHeaders().add("RateLimit", "limit=100, remaining=0, reset=17");
            exchange.getResponseHeaders().add("RateLimit-Policy", "100;w=60");
            exchange.getResponseHeaders().add("Retry-After", "17");
            answer(exchange, 429, "{\"code\":429}");
        });
        server.createContext("/broken", exchange -> answer(exchange, 503, "{\"code\":503}"));
        server.createContext("/slow", exchange -> {
            sleep(300);
            answer(exchange, 200, "{}");
        });
        server.start();
        ledger = new Ledger();
        client = new ApiClient(HttpClient.newHttpClient(), new RequestBudget(10, () -> { }), ledger);
        Stats.getInstance().getReportSuccessQueue().clear();
        Stats.getInstance().getReportFailureQueue().clear();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSuccessIsAnsweredWithItsBytes() throws Exception {
        assertEquals(Ledger.Outcome.ANSWERED, client.send(call("/ok", ApiCall.BodyCheck.ANY), KEY).outcome());
        RequestSuccess success = Stats.getInstance().getReportSuccessQueue().poll();
        assertEquals("GET", success.getRequestType());
        assertEquals("/route", success.getName());
        assertEquals(13, success.getContentLength());
        assertNull(Stats.getInstance().getReportFailureQueue().poll());
        assertEquals(1, ledger.count(Ledger.Outcome.ANSWERED));
    }

    @Test
    void aRefusalIsCountedByTierNotAsAFailure() throws Exception {
        ApiClient.Result result = client.send(call("/limited", ApiCall.BodyCheck.ANY), KEY);
        assertEquals(Ledger.Outcome.REFUSED, result.outcome());
        assertEquals("17", result.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("/route (refused)", Stats.getInstance().getReportSuccessQueue().poll().getName());
        assertNull(Stats.getInstance().getReportFailureQueue().poll());
        assertEquals(Map.of("premium", Map.of("predict", 1L)), ledger.toMap(0).get("refused_by_tier"));
        assertEquals(0L, ledger.toMap(0).get("failed"));
    }

    @Test
    void aServerErrorOrAWrongBodyIsAFailureCountedAsARequestAndAnError() throws Exception {
        assertEquals(Ledger.Outcome.FAILED, client.send(call("/broken", ApiCall.BodyCheck.ANY), KEY).outcome());
        assertEquals(12, Stats.getInstance().getReportSuccessQueue().poll().getContentLength());
        RequestFailure failure = Stats.getInstance().getReportFailureQueue().poll();
        assertEquals("HTTP 503", failure.getError());
        client.send(call("/ok", body -> Optional.of("wrong body: test")), KEY);
        assertEquals(Map.of("HTTP 503", 1L, "wrong body: test", 1L), ledger.toMap(0).get("failed_by_kind"));
        assertEquals(0L, ledger.toMap(0).get("io_errors"), "both got an answer the service counted");
    }

    @Test
    void anUnreachableServiceIsAFailureWithoutAnAnswer() throws Exception {
        server.stop(0);
        client.send(call("/ok", ApiCall.BodyCheck.ANY), KEY);
        assertEquals(0, Stats.getInstance().getReportSuccessQueue().poll().getContentLength());
        String error = Stats.getInstance().getReportFailureQueue().poll().getError();
        assertTrue(error.startsWith("ConnectException"), error);
        assertEquals(1L, ledger.toMap(0).get("io_errors"));
    }

    @Test
    void aUserStoppedMidRequestStillCountsItsAnswer() throws Exception {
        AtomicReference<Ledger.Outcome> outcome = new AtomicReference<>();
        Thread user = new Thread(() -> {
            try {
                outcome.set(client.send(call("/slow", ApiCall.BodyCheck.ANY), KEY).outcome());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        user.start();
        Thread.sleep(100);
        user.interrupt();
        user.join(5_000);
        assertEquals(Ledger.Outcome.ANSWERED, outcome.get());
        assertEquals(1, ledger.count(Ledger.Outcome.ANSWERED));
    }

    private ApiCall call(String path, ApiCall.BodyCheck check) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new ApiCall("GET", "/route", HttpRequest.newBuilder(uri).GET().build(), Optional.of("predict"), check);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
