package com.roadcast.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Posts CSV rows as observation steps and asks for a forecast after each, as a client would. A step the service
 * could not take now (503 "not acknowledged", 429, Nginx's 502/504, a connection error or timeout) is sent again
 * after a back-off ({@code Retry-After} when given), up to {@link #ATTEMPTS} times; a step answered "already
 * recorded" after such a retry was stored by the earlier attempt. Any other refusal stops the replay.
 */
final class Replayer {
    static final int ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(8);
    private final ObjectMapper mapper;
    private final URI base;
    private final String key;
    private final Duration pause;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int resent;

    Replayer(ObjectMapper mapper, URI base, String key, Duration pause, PrintStream out) {
        this.mapper = mapper;
        this.base = base;
        this.key = key;
        this.pause = pause;
        this.out = out;
    }

    /** Sends rows {@code from} to {@code from + steps}; returns how many the service stored. */
    int replay(ReplayCsv csv, OffsetDateTime start, int from, int steps, String node) throws IOException, InterruptedException {
        int end = (int) Math.min((long) from + steps, csv.rows().size());
        Answer model = untilAnswered("/v1/model", HttpRequest.newBuilder(base.resolve("/v1/model")).GET(), 200);
        Duration step = Duration.ofMinutes(model.json().path("interval_minutes").asLong());
        int stored = 0;
        for (int row = from; row < end; row++) {
            OffsetDateTime time = start.plus(step.multipliedBy(row));
            Map<String, Object> speeds = new LinkedHashMap<>();
            double[] values = csv.rows().get(row);
            for (int i = 0; i < values.length; i++) {
                speeds.put(csv.sensorIds().get(i), values[i]);
            }
            Answer receipt = untilAnswered("/v1/observations", post("/v1/observations",
                    Map.of("observations", List.of(Map.of("timestamp", time.toString(), "speeds", speeds)))), 202);
            stored++;
            out.println(time + "  " + (receipt.status() == 202 ? "window " + receipt.json().at("/window/steps").asInt()
                    + "/" + receipt.json().at("/window/capacity").asInt() : "stored by an earlier attempt") + "  " + forecast(node));
            Thread.sleep(pause.toMillis());
        }
        out.println("replayed " + (end - from) + " steps: " + stored + " stored, " + resent + " sent again");
        return stored;
    }

    /**
     * Sends {@code request} until it is answered {@code expected}, or, for a step sent again, "already recorded"
     * (stored by an earlier attempt: that 422 is returned).
     */
    private Answer untilAnswered(String path, HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Answer answer = send(request);
            if (answer.status() == expected
                    || attempt > 1 && answer.status() == 422 && answer.message().contains("already recorded")) {
                return answer;
            }
            if (!answer.worthRetrying() || attempt == ATTEMPTS) {
                throw new IOException(path + " " + answer.describe());
            }
            resent++;
            Duration wait = answer.retryAfter() != null ? answer.retryAfter() : backoff(attempt);
            out.println(path + ": " + answer.describe() + "; sending again in " + wait.toMillis() + " ms");
            Thread.sleep(wait.toMillis());
        }
    }

    /** The forecast for {@code node} now, or why there is none; never stops the replay. */
    private String forecast(String node) throws InterruptedException {
        JsonNode forecast;
        try {
            forecast = send(post("/v1/predict", Map.of("horizons", List.of(3, 6, 12), "nodes", List.of(node)))).json();
        } catch (IOException e) {
            return "forecast: " + e;
        }
        if (!forecast.has("predictions")) {
            return "forecast: " + forecast.path("message").asText();
        }
        StringBuilder line = new StringBuilder("node " + node + " forecast:");
        for (JsonNode f : forecast.at("/predictions/0/forecasts")) {
            line.append(String.format(" +%dmin %.1f mph", f.get("minutes").asInt(), f.get("speed_mph").asDouble()));
        }
        return line.toString();
    }

    /** Doubling from {@link #FIRST_BACKOFF} after each failed attempt, at most {@link #MAX_BACKOFF}. */
    static Duration backoff(int attempt) {
        Duration doubled = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
        return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    private HttpRequest.Builder post(String path, Object body) throws IOException {
        return HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body)));
    }

    /** The answer, or one with status 0 whose message says why there was none (refused, reset, timed out). */
    private Answer send(HttpRequest.Builder builder) throws InterruptedException {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).header("X-API-Key", key).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Answer(0, mapper.createObjectNode().put("message", e.toString()), null);
        }
        JsonNode json;
        try {
            json = mapper.readTree(response.body());
        } catch (IOException notJson) {
            json = mapper.createObjectNode().put("message", new String(response.body(), StandardCharsets.UTF_8));
        }
        Duration retryAfter = response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("\\d{1,4}")).map(value -> Duration.ofSeconds(Long.parseLong(value))).orElse(null);
        return new Answer(response.statusCode(), json, retryAfter);
    }

    /** A status (0: no answer, {@code json} then says why), the body and the Retry-After it gave, if any. */
    private record Answer(int status, JsonNode json, @Nullable Duration retryAfter) {
        boolean worthRetrying() {
            return status == 0 || status == 429 || status == 502 || status == 503 || status == 504;
        }

        String message() {
            return json.path("message").asText();
        }

        String describe() {
            return (status == 0 ? "no answer" : "answered " + status) + ": " + message();
        }
    }
}
