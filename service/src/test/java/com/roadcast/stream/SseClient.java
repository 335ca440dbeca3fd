package com.roadcast.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain Server-Sent Events reader, as a browser's EventSource reads: fields per the HTML spec, events
 * queued as they arrive (with when), comments counted. Any HTTP client (direct, or through Nginx with TLS).
 */
public final class SseClient implements AutoCloseable {
    public record Event(String name, String id, String data, long receivedNanos) {}

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start();
        }
    }

    /** Sends {@code request} (a GET) and, when it answers 200, reads its events in the background. */
    public static SseClient open(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        return new SseClient(http.send(request.header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The body of a refusal (not 200). */
    public String errorBody() throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The next {@code count} events, waiting at most {@code limit} for all of them (fewer when time ran out). */
    public List<Event> next(int count, Duration limit) throws InterruptedException {
        List<Event> got = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (got.size() < count) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            got.add(event);
        }
        return got;
    }

    public int comments() {
        return comments.get();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String name = "message";
            String id = "";
            StringBuilder data = new StringBuilder();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(name, id, data.substring(0, data.length() - 1), System.nanoTime()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" -> data.append(value).append('\n');
                        default -> { }
                    }
                }
            }
        } catch (IOException closed) {
            // the stream ended
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
