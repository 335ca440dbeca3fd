package com.roadcast.deploy;

import com.roadcast.testing.RedisServer;
import com.roadcast.testing.Repo;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the service as systemd runs it: the template unit's ExecStart (the shaded jar on
 * config-prod.yml) as a separate process, so it can be SIGKILLed or SIGTERMed for real; ports and
 * paths through the environment variables the unit sets.
 */
final class Instance implements AutoCloseable {
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final String name;
    private final Path dir;
    private final Map<String, String> environment;
    private final int port;
    private final int adminPort;
    private Process process;
    private int starts;

    private Instance(String name, Path dir, String redisUrl, int port, int adminPort) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.adminPort = adminPort;
        this.environment = Map.of("REDIS_URL", redisUrl, "ROADCAST_PORT", Integer.toString(port),
                "ROADCAST_ADMIN_PORT", Integer.toString(adminPort),
                "ROADCAST_MODEL_DIR", Repo.file("models").toString(),
                "ROADCAST_KEY_STORE", dir.resolve("keys.json").toString(),
                "ROADCAST_AUDIT_LOG", dir.resolve("audit-" + name + ".log").toString());
    }

    static Instance start(String name, Path dir, String redisUrl) throws IOException, InterruptedException {
        Instance instance = new Instance(name, dir, redisUrl, RedisServer.freePort(), RedisServer.freePort());
        instance.launch();
        return instance;
    }

    static Path jar() {
        Path jar = Repo.file("service/target/roadcast.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no shaded jar at " + jar + ": these tests run in Maven's integration-test phase");
        }
        return jar;
    }

    /**
     * Starts the unit's own {@code ExecStart} (its {@code JAVA_OPTS} and environment, with this test's
     * ports and paths, the jar and config-prod.yml from the repository) and, at the same moment, the
     * unit's {@code ExecStartPost} readiness gate; returns once the gate has passed, as systemd would.
     */
    void launch() throws IOException, InterruptedException {
        starts++;
        UnitFile unit = UnitFile.template();
        Map<String, String> env = new java.util.LinkedHashMap<>(unit.environment());
        env.putAll(environment);
        List<String> command = unit.command("ExecStart", env).stream()
                .map(word -> word.replace("/opt/roadcast/roadcast.jar", jar().toString())
                        .replace("/etc/roadcast/config-prod.yml", Repo.file("config-prod.yml").toString()))
                .toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log().toFile());
        builder.environment().putAll(env);
        process = builder.start();
        Process gate = new ProcessBuilder(unit.command("ExecStartPost", env)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-" + starts + "-gate.log").toFile()).start();
        if (!gate.waitFor(150, TimeUnit.SECONDS)) {
            gate.destroyForcibly();
            throw new IOException(name + ": the unit's readiness gate did not pass within TimeoutStartSec: "
                    + Files.readString(log()));
        }
        if (gate.exitValue() != 0 || !process.isAlive() || !ready()) {
            throw new IOException(name + ": readiness gate exit " + gate.exitValue() + ", ready " + ready() + ": "
                    + Files.readString(log()));
        }
    }

    Path log() {
        return dir.resolve(name + "-" + starts + ".log");
    }

    boolean ready() {
        try {
            return PROBE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notUp) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** API requests this start of the instance has answered (its JSON request log, one line each). */
    long answered() throws IOException {
        try (var lines = Files.lines(log())) {
            return lines.filter(line -> line.contains("\"uri\":\"/v1/")).count();
        }
    }

    /** Whether the application port accepts a TCP connection. */
    boolean accepting() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** SIGKILL: no drain, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as systemctl stop sends; waits for the exit (bounded) and returns its code. */
    Process terminate() {
        process.destroy();
        return process;
    }

    int port() {
        return port;
    }

    int adminPort() {
        return adminPort;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }
}
