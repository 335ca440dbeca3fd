package com.roadcast.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.roadcast.redis.RedisFactory;
import com.roadcast.redis.RedisGuard;
import io.dropwizard.jackson.Jackson;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} on a free loopback port, started from the Debian binary, which tests may
 * stop, restart (empty, as after a crash) or pause ({@code SIGSTOP}) to inject faults.
 *
 * <p>It runs production's settings (redis/roadcast.conf: AOF every second, noeviction, protected mode;
 * no RDB snapshots) and production's ACL: the file deploy/redis-acl.sh writes (default user off; user
 * roadcast confined to {@code roadcast:} keys and channels and the service's commands), for a password
 * made per test run, and {@link #url()} connects as that user, so every test on it finds a command the
 * ACL lacks.
 * Tests inspect or break Redis through {@link #operator(int)}, a user of their own. Only replication and
 * Sentinel set-ups, whose peers log in as the default user, start {@link #withoutAcl(List)}.
 */
public final class RedisServer implements AutoCloseable {
    /** The service's user in production's ACL file. */
    public static final String SERVICE_USER = "roadcast";
    private final int port;
    private final List<String> extra;
    private final boolean acl;
    private Process process;
    /** The data directory, kept across {@link #restartFromDisk()}. */
    private File dir;

    private RedisServer(int port, List<String> extra, boolean acl) {
        this.port = port;
        this.extra = extra;
        this.acl = acl;
    }

    /** Production's ACL for this test run's password, and the tests' own operator user; made once. */
    private static final class Acl {
        static final String PASSWORD = randomHex();
        static final String OPERATOR_PASSWORD = randomHex();
        static final java.nio.file.Path FILE = write();

        private static String randomHex() {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            return java.util.HexFormat.of().formatHex(bytes);
        }

        private static java.nio.file.Path write() {
            try {
                Process generate = new ProcessBuilder("bash", Repo.file("deploy/redis-acl.sh").toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                try (var stdin = generate.getOutputStream()) {
                    stdin.write((PASSWORD + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                String production = new String(generate.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (generate.waitFor() != 0) {
                    throw new IllegalStateException("deploy/redis-acl.sh failed");
                }
                java.nio.file.Path file = java.nio.file.Files.createTempFile("roadcast-redis", ".acl");
                file.toFile().deleteOnExit();
                java.nio.file.Files.writeString(file, production + "user operator on >" + OPERATOR_PASSWORD + " ~* &* +@all\n");
                return file;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * One server for a whole test class, started before its {@code @BeforeAll} methods and killed after its
     * {@code @AfterAll} ones: {@code @RegisterExtension static final RedisServer.Extension redis =
     * RedisServer.perClass();}
     */
    public static Extension perClass(String... extraArgs) {
        return new Extension(List.of(extraArgs));
    }

    /** See {@link #perClass(String...)}. */
    public static final class Extension extends PerClass<RedisServer> {
        private Extension(List<String> extraArgs) {
            super("the Redis server", () -> start(extraArgs));
        }

        /** The running server (from before the class's {@code @BeforeAll} methods on). */
        public RedisServer server() {
            return get();
        }
    }

    public static RedisServer start() throws IOException, InterruptedException {
        return start(List.of());
    }

    /** A server with extra command-line arguments, e.g. {@code --replicaof 127.0.0.1 6379}. */
    public static RedisServer start(List<String> extraArgs) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), extraArgs, true);
        server.launch();
        return server;
    }

    /** A server whose default user is open, for replicas and Sentinels (which log in as it). */
    public static RedisServer withoutAcl(List<String> extraArgs) throws IOException, InterruptedException {
        RedisServer server = new RedisServer(freePort(), extraArgs, false);
        server.launch();
        return server;
    }

    /** A Sentinel watching {@code masterName} at {@code masterPort} (quorum 2, down after 1 s). */
    public static RedisServer sentinel(String masterName, int masterPort) throws IOException, InterruptedException {
        int port = freePort();
        File config = File.createTempFile("sentinel-" + port, ".conf");
        config.deleteOnExit();
        java.nio.file.Files.writeString(config.toPath(), String.join("\n",
                "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + masterName + " 1000",
                "sentinel failover-timeout " + masterName + " 5000",
                "sentinel parallel-syncs " + masterName + " 1", ""));
        RedisServer server = new RedisServer(port, List.of(config.getPath(), "--sentinel"), false);
        server.launch();
        return server;
    }

    /** The service's URL: as user roadcast with its password, under the ACL. */
    public String url() {
        return "redis://" + (acl ? SERVICE_USER + ":" + Acl.PASSWORD + "@" : "") + "127.0.0.1:" + port + "/0";
    }

    /** The service user's password (empty without the ACL). */
    public String password() {
        return acl ? Acl.PASSWORD : "";
    }

    /** A connection for the test itself (inspecting, publishing as another instance, DEBUG): every command and key. */
    public Jedis operator(int timeoutMillis) {
        return new Jedis(new HostAndPort("127.0.0.1", port), acl ? DefaultJedisClientConfig.builder().timeoutMillis(timeoutMillis)
                .user("operator").password(Acl.OPERATOR_PASSWORD).build()
                : DefaultJedisClientConfig.builder().timeoutMillis(timeoutMillis).build());
    }

    /** How the service logs in here: for a client a test builds itself. */
    public DefaultJedisClientConfig.Builder serviceLogin() {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder();
        return acl ? config.user(SERVICE_USER).password(Acl.PASSWORD) : config;
    }

    public int port() {
        return port;
    }

    /** A guarded, pooled client of this server, configured as the {@code redis:} section of a config would be. */
    public RedisGuard connect(Duration timeout, Duration retryAfter) {
        try {
            return Jackson.newObjectMapper().readValue("{\"url\":\"" + url() + "\",\"timeout\":\"" + timeout.toMillis()
                    + "ms\",\"retryAfter\":\"" + retryAfter.toMillis() + "ms\"}", RedisFactory.class).connect(Clock.systemUTC());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Kills the server (SIGKILL): its data is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Freezes the process (SIGSTOP): connections stay open, nothing is answered until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Starts it again on the same port, empty. */
    public void restart() throws IOException, InterruptedException {
        kill();
        dir = null;
        launch();
    }

    /** Kills it (SIGKILL) and starts it again on the same port and data directory: what it persisted is back. */
    public void restartFromDisk() throws IOException, InterruptedException {
        kill();
        launch();
    }

    private void launch() throws IOException, InterruptedException {
        File log = File.createTempFile("redis-" + port, ".log");
        log.deleteOnExit();
        List<String> command = new java.util.ArrayList<>(List.of(binary()));
        boolean sentinel = extra.contains("--sentinel");
        if (sentinel) {
            command.addAll(extra);
        } else if (acl) {
            command.add(Repo.file("redis/roadcast.conf").toString()); // production's settings, then the test's own
        }
        if (dir == null) {
            dir = java.nio.file.Files.createTempDirectory("redis-" + port).toFile();
            dir.deleteOnExit();
        }
        command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--daemonize", "no",
                "--dir", dir.getPath()));
        if (acl) {
            command.addAll(List.of("--save", "", "--aclfile", Acl.FILE.toString()));
            command.addAll(extra);
        } else if (!sentinel) {
            command.addAll(List.of("--save", "", "--appendonly", "no"));
            command.addAll(extra);
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new IOException("redis-server did not start on port " + port + "; see " + log);
    }

    private static String binary() {
        for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("redis-server is not installed: run the README's test command, "
                + "which installs it from Debian's packages");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill();
        }
    }
}
