package com.roadcast.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads the sensor ids the way a client learns them: one {@code GET /v1/nodes?limit=1000} before the test. */
final class NodeDirectory {
    private static final int ATTEMPTS = 3;

    private NodeDirectory() {
    }

    /**
     * Tries {@link #ATTEMPTS} times, a second apart: the service or its proxy may still be warming up.
     * {@code answered} runs for every attempt that got an HTTP answer (the service counted it).
     */
    static List<String> fetch(HttpClient http, URI target, String key, Runnable answered)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return fetchOnce(http, target, key, answered);
            } catch (IOException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    private static List<String> fetchOnce(HttpClient http, URI target, String key, Runnable answered)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.resolve("/v1/nodes?limit=1000"))
                .timeout(Duration.ofSeconds(10)).header("X-API-Key", key).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        answered.run();
        if (response.statusCode() != 200) {
            throw new IOException("GET /v1/nodes answered " + response.statusCode() + ": " + response.body());
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(response.body()).path("nodes")) {
            ids.add(node.path("id").asText());
        }
        return ids;
    }
}
