package com.roadcast.deploy;

import com.roadcast.testing.Repo;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code nginx}, unprivileged ports, its own prefix: Debian's own /etc/nginx/nginx.conf
 * with the shipped nginx/roadcast.conf as its only site. Only listen ports, upstream ports and file
 * paths are substituted (plus, when asked, the edge rate so that a load test measures failover, not
 * the limiter); each substitution must match, so the test breaks if the shipped file changes shape.
 */
final class Nginx implements AutoCloseable {
    static final String BINARY = "/usr/sbin/nginx";
    private final Path prefix;
    private final int httpsPort;
    private final int httpPort;
    private Process process;

    private Nginx(Path prefix, int httpsPort, int httpPort) {
        this.prefix = prefix;
        this.httpsPort = httpsPort;
        this.httpPort = httpPort;
    }

    /** Writes the configuration for these instances (application ports) into {@code prefix}. */
    static Nginx configure(Path prefix, Tls tls, List<Integer> upstreams, boolean liftEdgeRate) throws IOException {
        return configure(prefix, tls, upstreams, liftEdgeRate, Map.of());
    }

    /** As above, with more substitutions in the shipped site (each must match). */
    static Nginx configure(Path prefix, Tls tls, List<Integer> upstreams, boolean liftEdgeRate,
            Map<String, String> more) throws IOException {
        int https = com.roadcast.testing.RedisServer.freePort();
        int http = com.roadcast.testing.RedisServer.freePort();
        Path logs = Files.createDirectories(prefix.resolve("logs"));
        Map<String, String> site = new LinkedHashMap<>();
        site.put("listen 443 ssl http2;", "listen 127.0.0.1:" + https + " ssl http2;");
        site.put("listen [::]:443 ssl http2;", "listen [::1]:" + https + " ssl http2;");
        site.put("listen 80;", "listen 127.0.0.1:" + http + ";");
        site.put("listen [::]:80;", "listen [::1]:" + http + ";");
        site.put("server 127.0.0.1:8110 ", "server 127.0.0.1:" + upstreams.get(0) + " ");
        site.put("server 127.0.0.1:8120 ", "server 127.0.0.1:" + upstreams.get(1) + " ");
        site.put("/etc/nginx/tls/", tls.dir() + "/");
        site.put("/var/log/nginx/", logs + "/");
        if (liftEdgeRate) {
            site.put("zone=roadcast_api:10m rate=10r/s", "zone=roadcast_api:10m rate=100000r/s");
        }
        site.putAll(more);
        Files.writeString(prefix.resolve("roadcast.conf"),
                substitute(Files.readString(Repo.file("nginx/roadcast.conf")), site));
        Map<String, String> main = new LinkedHashMap<>();
        main.put("pid /run/nginx.pid;", "pid " + prefix.resolve("nginx.pid") + ";");
        main.put("/var/log/nginx/", logs + "/");
        main.put("include /etc/nginx/sites-enabled/*;", "include " + prefix.resolve("roadcast.conf") + ";");
        main.put("include /etc/nginx/conf.d/*.conf;", "");
        String debian = substitute(Files.readString(Path.of("/etc/nginx/nginx.conf")), main);
        if (!"root".equals(System.getProperty("user.name"))) {
            debian = debian.replaceFirst("(?m)^user .*;$", "");
        }
        Files.writeString(prefix.resolve("nginx.conf"), debian);
        return new Nginx(prefix, https, http);
    }

    private static String substitute(String text, Map<String, String> replacements) {
        for (Map.Entry<String, String> entry : replacements.entrySet()) {
            if (!text.contains(entry.getKey())) {
                throw new IllegalStateException("the shipped Nginx configuration no longer contains: " + entry.getKey());
            }
            text = text.replace(entry.getKey(), entry.getValue());
        }
        return text;
    }

    /** {@code nginx -t} on this configuration: its exit code and messages. */
    Commands.Outcome test() throws IOException, InterruptedException {
        return Commands.outcome(prefix, command("-t"), null);
    }

    Nginx start() throws IOException, InterruptedException {
        List<String> command = command("-g", "daemon off;");
        process = new ProcessBuilder(command).directory(prefix.toFile()).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", httpsPort)) {
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        throw new IOException("nginx did not start: " + Files.readString(prefix.resolve("logs/stdout.log"))
                + Files.readString(prefix.resolve("logs/error.log")));
    }

    private List<String> command(String... extra) {
        List<String> command = new ArrayList<>(List.of(BINARY, "-p", prefix + "/", "-c",
                prefix.resolve("nginx.conf").toString(), "-e", prefix.resolve("logs/error.log").toString()));
        command.addAll(List.of(extra));
        return command;
    }

    int httpsPort() {
        return httpsPort;
    }

    int httpPort() {
        return httpPort;
    }

    /** The JSON access log, one line per request. */
    List<String> accessLog() throws IOException {
        return Files.readAllLines(prefix.resolve("logs/roadcast-access.log"));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
