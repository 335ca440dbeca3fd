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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on loopback; what locust4j would report is read from its (unstarted) stats queues. */
class ApiClientTest {
    private HttpServer server;
    private ApiClient client;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> answer(exchange, 200, "{\"fine\":true}"));
        server.createContext("/limited", exchange -> answer(exchange, 429, "{\"code\":429}"));
        server.start();
        client = new ApiClient(HttpClient.newHttpClient(), new RequestBudget(10, () -> { }));
        Stats.getInstance().getReportSuccessQueue().clear();
        Stats.getInstance().getReportFailureQueue().clear();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aSuccessIsOneRequestWithItsBytes() throws Exception {
        client.send(call("/ok"));
        RequestSuccess success = Stats.getInstance().getReportSuccessQueue().poll();
        assertEquals("GET", success.getRequestType());
        assertEquals("/route", success.getName());
        assertEquals(13, success.getContentLength());
        assertNull(Stats.getInstance().getReportFailureQueue().poll());
    }

    @Test
    void aFailureCountsAsARequestAndAnError() throws Exception {
        client.send(call("/limited"));
        assertEquals(12, Stats.getInstance().getReportSuccessQueue().poll().getContentLength());
        RequestFailure failure = Stats.getInstance().getReportFailureQueue().poll();
        assertEquals("HTTP 429", failure.getError());
    }

    @Test
    void anUnreachableServiceIsAFailureToo() throws Exception {
        server.stop(0);
        client.send(call("/ok"));
        assertEquals(0, Stats.getInstance().getReportSuccessQueue().poll().getContentLength());
        String error = Stats.getInstance().getReportFailureQueue().poll().getError();
        assertTrue(error.startsWith("ConnectException"), error);
    }

    private ApiCall call(String path) {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new ApiCall("GET", "/route", HttpRequest.newBuilder(uri).GET().build());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
