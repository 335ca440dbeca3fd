package com.roadcast.metrics;

import com.roadcast.testing.RedisServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One of Debian's Prometheus daemons ({@code prometheus}, {@code prometheus-alertmanager}) on a free loopback
 * port, its output in a log file; started once its {@code /-/ready} answers 200, stopped on close.
 */
final class LoopbackDaemon implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process process;
    private final URI base;
    private final File log;

    private LoopbackDaemon(Process process, URI base, File log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** Starts {@code binary} with {@code args} and {@code --web.listen-address} on a free 127.0.0.1 port. */
    static LoopbackDaemon start(String binary, File log, String... args) throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        List<String> command = new ArrayList<>(List.of(Promtool.binary(binary), "--web.listen-address=127.0.0.1:" + port));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        LoopbackDaemon daemon = new LoopbackDaemon(process, URI.create("http://127.0.0.1:" + port), log);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (daemon.status("/-/ready") == 200) {
                return daemon;
            }
            Thread.sleep(100);
        }
        daemon.close();
        throw new IOException(binary + " did not become ready; see " + log);
    }

    private int status(String path) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
            return -1;
        }
    }

    /** A GET of a path (with its query), its body as text. */
    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A call to a daemon's HTTP API. */
    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    /** What {@code call} returns, for a lambda (an assertion retried by Eventually): its IOException unchecked. */
    static <T> T unchecked(Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** host:port, as a Prometheus target names it. */
    String address() {
        return base.getAuthority();
    }

    File log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
