package com.roadcast.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** {@code GET /status/events} on an admin port, read line by line as a browser's EventSource would. */
final class StatusFeed {
    private final HttpResponse<Stream<String>> response;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;

    private StatusFeed(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(() -> response.body().forEach(lines::add), "status-feed-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static StatusFeed open(URI admin) throws IOException, InterruptedException {
        return new StatusFeed(HttpClient.newHttpClient().send(HttpRequest.newBuilder(admin.resolve(StatusEvents.PATH)).build(),
                HttpResponse.BodyHandlers.ofLines()));
    }

    HttpResponse<Stream<String>> response() {
        return response;
    }

    /** The next line, waiting up to 30 s. */
    String line() throws InterruptedException {
        String line = lines.poll(30, TimeUnit.SECONDS);
        assertThat(line).as("the feed went silent").isNotNull();
        return line;
    }

    /** The lines of the next event (up to its blank line), skipping comments. */
    List<String> event() throws InterruptedException {
        List<String> event = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.isEmpty() && !event.isEmpty()) {
                return event;
            }
            if (!line.isEmpty() && !line.startsWith(":")) {
                event.add(line);
            }
        }
    }

    /** Whether the server ended the stream within {@code seconds}. */
    boolean endsWithin(long seconds) throws InterruptedException {
        reader.join(TimeUnit.SECONDS.toMillis(seconds));
        return !reader.isAlive();
    }
}
