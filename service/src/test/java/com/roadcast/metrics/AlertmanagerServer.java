package com.roadcast.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Debian's real Alertmanager ({@code prometheus-alertmanager}) on a free loopback port, with a given
 * configuration and its own storage directory; clustering is off (no gossip port).
 */
final class AlertmanagerServer implements AutoCloseable {
    private final LoopbackDaemon daemon;

    private AlertmanagerServer(LoopbackDaemon daemon) {
        this.daemon = daemon;
    }

    static AlertmanagerServer start(Path config, Path storageDir) throws IOException, InterruptedException {
        return new AlertmanagerServer(LoopbackDaemon.start("prometheus-alertmanager",
                storageDir.resolveSibling("alertmanager.log").toFile(), "--config.file=" + config,
                "--storage.path=" + storageDir, "--cluster.listen-address=", "--log.level=warn"));
    }

    /** host:port, for Prometheus's {@code alerting.alertmanagers} targets. */
    String address() {
        return daemon.address();
    }

    /** What it holds now ({@code GET /api/v2/alerts}) and the end of its log: for a failing assertion to show. */
    String state() {
        return LoopbackDaemon.unchecked(() -> {
            String log = Files.readString(daemon.log().toPath());
            return "Alertmanager holds " + daemon.get("/api/v2/alerts").body() + "; its log ends:\n"
                    + log.substring(Math.max(0, log.length() - 2_000));
        });
    }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
