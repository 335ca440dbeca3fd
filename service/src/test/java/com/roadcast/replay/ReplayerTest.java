package com.roadcast.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The replay client against an HTTP server on loopback that answers ingests as scripted (the service's own
 * answers to a Redis that cannot confirm, a limit, a proxy error): what is worth sending again is sent again,
 * a step stored by an earlier attempt is not counted twice, and a refusal of the data itself stops the replay.
 */
class ReplayerTest {
    private static final String RECEIPT = "{\"window\":{\"steps\":12,\"capacity\":12}}";
    private static final String ALREADY = "{\"code\":\"invalid_request\",\"message\":\"observations[0].timestamp "
            + "2012-03-05T13:20-08:00 is already recorded; nothing in this batch was stored\"}";
    private static final String UNAVAILABLE = "{\"code\":\"unavailable\",\"message\":\"observations not acknowledged\"}";
    private static final ReplayCsv CSV = new ReplayCsv(List.of("773869", "767541"),
            List.of(new double[] {64.4, 61.0}, new double[] {63.0, 60.5}));

    private final Deque<int[]> script = new ArrayDeque<>();
    private final AtomicInteger modelUnavailable = new AtomicInteger();
    private final List<String> ingests = Collections.synchronizedList(new ArrayList<>());
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/model", exchange -> {
            if (modelUnavailable.getAndDecrement() > 0) {
                answer(exchange, 503, UNAVAILABLE);
            } else {
                answer(exchange, 200, "{\"interval_minutes\":5}");
            }
        });
        server.createContext("/v1/predict", exchange -> answer(exchange, 200, "{\"predictions\":[{\"forecasts\":"
                + "[{\"minutes\":15,\"speed_mph\":60.0}]}]}"));
        server.createContext("/v1/observations", exchange -> {
            ingests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int[] next = script.isEmpty() ? new int[] {202} : script.poll();
            if (next[0] == 0) {
                exchange.close();  // no answer at all: the connection dropped
                return;
            }
            if (next[0] == 503 || next[0] == 429) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            answer(exchange, next[0], next[0] == 202 ? RECEIPT : next[0] == 422 ? ALREADY : UNAVAILABLE);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Replayer replayer() {
        return new Replayer(new ObjectMapper(), URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "key", Duration.ZERO, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private int replay() throws Exception {
        return replayer().replay(CSV, OffsetDateTime.parse("2012-03-05T13:20:00-08:00"), 0, 2, "773869");
    }

    @Test
    void aStepTheServiceCouldNotConfirmIsSentAgainUntilStored() throws Exception {
        script.add(new int[] {503});
        script.add(new int[] {429});
        script.add(new int[] {502});

        assertThat(replay()).isEqualTo(2);
        assertThat(ingests).hasSize(5);
        assertThat(ingests.get(0)).isEqualTo(ingests.get(3)).contains("13:20");
        assertThat(ingests.get(4)).contains("13:25");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("2 stored, 3 sent again");
    }

    @Test
    void aStepStoredByAnEarlierAttemptCountsOnce() throws Exception {
        script.add(new int[] {503});
        script.add(new int[] {422});

        assertThat(replay()).isEqualTo(2);
        assertThat(ingests).hasSize(3);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("stored by an earlier attempt", "2 stored, 1 sent again");
    }

    @Test
    void aServiceNotAnsweringYetIsAskedAgain() throws Exception {
        modelUnavailable.set(2);

        assertThat(replay()).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("/v1/model: answered 503", "2 stored, 2 sent again");
    }

    @Test
    void aDroppedConnectionIsSentAgain() throws Exception {
        script.add(new int[] {0});

        assertThat(replay()).isEqualTo(2);
        assertThat(ingests).hasSize(3);
    }

    @Test
    void aRefusalOfTheDataStopsAtOnce() {
        script.add(new int[] {422});

        assertThatThrownBy(this::replay).isInstanceOf(IOException.class).hasMessageContaining("answered 422");
        assertThat(ingests).hasSize(1);
    }

    @Test
    void anUnavailableServiceStopsTheReplayAfterTheLastAttempt() {
        for (int i = 0; i < Replayer.ATTEMPTS + 2; i++) {
            script.add(new int[] {503});
        }

        assertThatThrownBy(this::replay).isInstanceOf(IOException.class).hasMessageContaining("answered 503");
        assertThat(ingests).hasSize(Replayer.ATTEMPTS);
    }

    @Test
    void backOffDoublesUpToItsCeiling() {
        assertThat(Replayer.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(Replayer.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Replayer.backoff(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Replayer.backoff(40)).isEqualTo(Duration.ofSeconds(8));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
