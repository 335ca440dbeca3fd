package com.roadcast.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Posts CSV rows as observation steps and asks for a forecast after each, as a client would. */
final class Replayer {
    private final ObjectMapper mapper;
    private final URI base;
    private final String key;
    private final Duration pause;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Replayer(ObjectMapper mapper, URI base, String key, Duration pause, PrintStream out) {
        this.mapper = mapper;
        this.base = base;
        this.key = key;
        this.pause = pause;
        this.out = out;
    }

    void replay(ReplayCsv csv, OffsetDateTime start, int from, int steps, String node) throws IOException, InterruptedException {
        int end = (int) Math.min((long) from + steps, csv.rows().size());
        Duration step = Duration.ofMinutes(get("/v1/model").path("interval_minutes").asLong());
        for (int row = from; row < end; row++) {
            OffsetDateTime time = start.plus(step.multipliedBy(row));
            Map<String, Object> speeds = new LinkedHashMap<>();
            double[] values = csv.rows().get(row);
            for (int i = 0; i < values.length; i++) {
                speeds.put(csv.sensorIds().get(i), values[i]);
            }
            JsonNode receipt = post("/v1/observations",
                    Map.of("observations", List.of(Map.of("timestamp", time.toString(), "speeds", speeds))), 202);
            JsonNode forecast = post("/v1/predict", Map.of("horizons", List.of(3, 6, 12), "nodes", List.of(node)), -1);
            out.println(time + "  window " + receipt.at("/window/steps").asInt() + "/" + receipt.at("/window/capacity").asInt()
                    + "  " + describe(forecast, node));
            Thread.sleep(pause.toMillis());
        }
    }

    private static String describe(JsonNode forecast, String node) {
        if (!forecast.has("predictions")) {
            return "forecast: " + forecast.path("message").asText();
        }
        StringBuilder line = new StringBuilder("node " + node + " forecast:");
        for (JsonNode f : forecast.at("/predictions/0/forecasts")) {
            line.append(String.format(" +%dmin %.1f mph", f.get("minutes").asInt(), f.get("speed_mph").asDouble()));
        }
        return line.toString();
    }

    /** The serving model's description; its step length places the rows in time. */
    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), 200);
    }

    /** POSTs JSON; fails unless the status is {@code expected} (-1: any). */
    private JsonNode post(String path, Object body, int expected) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body))), expected);
    }

    private JsonNode send(HttpRequest.Builder builder, int expected) throws IOException, InterruptedException {
        HttpRequest request = builder.timeout(Duration.ofSeconds(30)).header("X-API-Key", key).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode json = mapper.readTree(response.body());
        if (expected != -1 && response.statusCode() != expected) {
            throw new IOException(request.uri().getPath() + " answered " + response.statusCode() + ": "
                    + json.path("message").asText());
        }
        return json;
    }
}
