package com.roadcast.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A built jar started as {@code java -jar JAR server CONFIG}, a process of its own, exactly as an operator
 * starts it (Dropwizard then registers what an in-JVM test support skips, e.g. its JVM metric sets). Ports,
 * the key store, the audit log, the history directory and the model bundle come through {@code -Ddw.} overrides; it runs in
 * {@code dir}, which receives its output as {@code jar.log}.
 */
public record JarProcess(Process process, Path log, int port, int adminPort) implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** A built jar of this repository, e.g. {@code service/target/roadcast.jar}; fails when it is missing. */
    public static Path built(String relative) {
        Path jar = Repo.file(relative);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no jar at " + jar + ": build it first (these tests run in Maven's "
                    + "integration-test phase, after package)");
        }
        return jar;
    }

    /** Starts {@code jar} on {@code config} (relative to the repository) and returns once it answers ready. */
    public static JarProcess start(Path jar, String config, Path dir) throws IOException, InterruptedException {
        int port = RedisServer.freePort();
        int adminPort = RedisServer.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Ddw.server.applicationConnectors[0].port=" + port,
                "-Ddw.server.adminConnectors[0].port=" + adminPort,
                "-Ddw.model.bundle=" + Repo.file("models"),
                "-Ddw.auth.keyStore=" + dir.resolve("keys.json"),
                "-Ddw.audit.file=" + dir.resolve("audit.log"),
                "-Ddw.history.dir=" + dir.resolve("history"),
                "-jar", jar.toString(), "server", Repo.file(config).toString()));
        Path log = dir.resolve("jar.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        JarProcess started = new JarProcess(process, log, port, adminPort);
        started.awaitReady(Duration.ofSeconds(120));
        return started;
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!ready()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IOException("the jar did not become ready within " + limit + ": " + Files.readString(log));
            }
            Thread.sleep(250);
        }
    }

    private boolean ready() throws InterruptedException {
        try {
            return get(port, "/health/ready").statusCode() == 200;
        } catch (IOException notUpYet) {
            return false;
        }
    }

    /** GET on the application port ({@code admin} false) or the admin port. */
    public HttpResponse<String> get(boolean admin, String path) throws IOException, InterruptedException {
        return get(admin ? adminPort : port, path);
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
