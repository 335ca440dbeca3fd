package com.roadcast.openapi;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A server caught draining: one request is kept in flight (its body never finishes), so the graceful stop
 * waits; new connections are refused, and requests on connections opened before (one per probe, as the
 * server closes each after its answer) are what a load balancer's probes then see.
 */
final class Draining implements AutoCloseable {
    private final Deque<ApiClient> connected;
    private final Socket inFlight;
    private final Thread stopping;

    private Draining(Deque<ApiClient> connected, Socket inFlight, Thread stopping) {
        this.connected = connected;
        this.inFlight = inFlight;
        this.stopping = stopping;
    }

    static Draining begin(TestApp app, int probes) throws IOException, InterruptedException {
        Deque<ApiClient> connected = new ArrayDeque<>();
        for (int i = 0; i < probes; i++) {
            ApiClient client = app.client(null);
            client.send(client.builder("/health/live").version(HttpClient.Version.HTTP_1_1).GET());
            connected.add(client);
        }
        int port = app.base().getPort();
        Socket inFlight = new Socket("127.0.0.1", port);
        OutputStream out = inFlight.getOutputStream();
        out.write(("POST /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread stopping = new Thread(app::stop, "stopping");
        stopping.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (accepts(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the server did not begin to drain within 10 s");
            }
            Thread.sleep(20);
        }
        return new Draining(connected, inFlight, stopping);
    }

    /** A GET on one of the connections opened before the drain began. */
    Reply get(String path) {
        ApiClient client = connected.pop();
        return client.send(client.builder(path).version(HttpClient.Version.HTTP_1_1).GET());
    }

    private static boolean accepts(int port) {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        inFlight.close();
        stopping.join(Duration.ofSeconds(60).toMillis());
    }
}
