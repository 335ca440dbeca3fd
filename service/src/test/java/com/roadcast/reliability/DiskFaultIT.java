package com.roadcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.auth.FileKeyStore;
import com.roadcast.auth.Role;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key store and the audit log on a disk that fills up or is read-only: forecasts, ingest and
 * existing keys keep working, the admin health check names what cannot be written, {@code keys create}
 * fails with a clear message and changes nothing, and once the disk has room again everything is
 * healthy by itself. The history lives on another disk here: a history directory that cannot be written
 * stops start-up instead (nothing accepted may be lost).
 */
@Timeout(240)
class DiskFaultIT {
    @TempDir
    Path work;

    @Test
    void aFullDiskIsReportedAndForecastsKeepWorking() throws Exception {
        Path disk = Files.createDirectories(work.resolve("full"));
        Disks.tmpfs(disk, "64k");
        try {
            Path keys = disk.resolve("keys.json");
            String token = new FileKeyStore(keys, Clock.systemUTC()).create("disk", "internal", Role.ADMIN).token();
            try (TestApp app = TestApp.withKeyStore(keys, "audit.file", disk.resolve("audit.log").toString(),
                "history.dir", work.resolve("history").toString())) {
                ApiClient client = app.client(token);
                assertThat(health(app).at("/audit-log/healthy").asBoolean()).as(health(app).toString()).isTrue();
                assertThat(health(app).at("/key-store/healthy").asBoolean()).isTrue();
                long filled = Disks.fill(disk.resolve("filler"));

                audited(app);
                keepsServing(client, 1000);
                JsonNode sick = health(app);
                assertThat(sick.at("/audit-log/healthy").asBoolean()).as(sick.toString()).isFalse();
                assertThat(sick.at("/audit-log/message").asText()).contains("cannot be written", "audit lines are lost");
                assertThat(sick.at("/key-store/healthy").asBoolean()).isFalse();
                assertThat(sick.at("/key-store/message").asText()).contains("no space left", "existing keys keep working");
                KeysCli.Result refused = KeysCli.run(keys, work, "create", "--name", "new", "--tier", "internal");
                assertThat(refused.exitCode()).isNotZero();
                assertThat(refused.stderr()).contains("cannot write key store", "No space left on device", "nothing was changed");
                assertThat(new FileKeyStore(keys, Clock.systemUTC()).list()).hasSize(1);
                try (Stream<Path> files = Files.list(disk)) {
                    assertThat(files.map(p -> p.getFileName().toString())).as("no temp file left behind")
                            .containsExactlyInAnyOrder("keys.json", "audit.log", "filler");
                }

                Files.delete(disk.resolve("filler"));
                long freed = System.nanoTime();
                Eventually.within(Duration.ofSeconds(10), () -> {
                    audited(app);
                    JsonNode well = health(app);
                    assertThat(well.at("/audit-log/healthy").asBoolean()).as(well.toString()).isTrue();
                    assertThat(well.at("/key-store/healthy").asBoolean()).isTrue();
                });
                long recoveryMs = (System.nanoTime() - freed) / 1_000_000;
                KeysCli.Result created = KeysCli.run(keys, work, "create", "--name", "new", "--tier", "internal");
                assertThat(created.exitCode()).as(created.stderr()).isZero();
                List<String> lines = created.stdout().strip().lines().toList();
                String newKey = lines.get(lines.size() - 1);
                Eventually.within(Duration.ofSeconds(1), () ->
                        assertThat(app.client(newKey).get("/v1/model").status()).isEqualTo(200));
                System.out.printf("RELIABILITY disk-full: tmpfs 64k filled (%d bytes); forecasts, ingest and existing "
                        + "keys served, health named audit log and key store, keys create refused cleanly; healthy "
                        + "%d ms after space was freed%n", filled, recoveryMs);
            }
        } finally {
            Disks.unmount(disk);
        }
    }

    @Test
    void aReadOnlyDiskIsReportedAndForecastsKeepWorking() throws Exception {
        Path disk = Files.createDirectories(work.resolve("readonly"));
        Path keys = disk.resolve("keys.json");
        String token = new FileKeyStore(keys, Clock.systemUTC()).create("disk", "internal", Role.ADMIN).token();
        Disks.readOnly(disk);
        try (TestApp app = TestApp.withKeyStore(keys, "audit.file", disk.resolve("audit.log").toString(),
                "history.dir", work.resolve("history").toString())) {
            keepsServing(app.client(token), 1000);
            JsonNode sick = health(app);
            assertThat(sick.at("/key-store/healthy").asBoolean()).as(sick.toString()).isFalse();
            assertThat(sick.at("/key-store/message").asText()).contains("is read-only", "existing keys keep working");
            assertThat(sick.at("/audit-log/healthy").asBoolean()).isFalse();
            assertThat(sick.at("/audit-log/message").asText()).contains("cannot be opened");
            KeysCli.Result refused = KeysCli.run(keys, work, "create", "--name", "new", "--tier", "internal");
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("cannot write key store", "Read-only file system");
            KeysCli.Result revoke = KeysCli.run(keys, work, "revoke", "--id", token.substring(3, 13));
            assertThat(revoke.exitCode()).isNotZero();
            assertThat(app.client(token).get("/v1/model").status()).as("the key was not revoked").isEqualTo(200);
            System.out.println("RELIABILITY disk-read-only: started with key store and audit log read-only; forecasts, "
                    + "ingest and existing keys served, health named both, keys create and revoke refused cleanly");
        } finally {
            Disks.unmount(disk);
        }
    }

    @Test
    void aFullHistoryDiskRefusesIngestAndKeepsNothingOfTheRefusedBatch() throws Exception {
        Path disk = Files.createDirectories(work.resolve("history-full"));
        Disks.tmpfs(disk, "64k");
        try (TestApp app = TestApp.start("history.dir", disk.resolve("history").toString())) {
            String token = app.createKey("admin", "internal");
            ApiClient client = app.client(token);
            assertThat(client.post("/v1/observations", LosLoop.batch(0, 12)).status()).isEqualTo(202);
            long filled = Disks.fill(disk.resolve("filler"));

            Reply refused = client.post("/v1/observations", LosLoop.batch(12, 12));
            assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
            assertThat(refused.json().at("/code").asInt()).isEqualTo(503);
            assertThat(refused.json().at("/message").asText()).contains("observations not acknowledged");
            assertThat(refused.json().has("request_id")).isTrue();
            assertThat(latest(client)).isEqualTo(LosLoop.time(11).toInstant());
            assertThat(client.post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);

            Files.delete(disk.resolve("filler"));
            Reply stored = client.post("/v1/observations", LosLoop.batch(12, 12));
            assertThat(stored.status()).as("nothing of the refused batch was kept: " + stored.raw().body())
                    .isEqualTo(202);
            app.stop();
            app.startAgain();
            ApiClient restarted = app.client(token);
            assertThat(latest(restarted)).isEqualTo(LosLoop.time(23).toInstant());
            assertThat(restarted.post("/v1/observations", LosLoop.batch(12, 1)).raw().body()).contains("already recorded");
            System.out.printf("RELIABILITY history-disk-full: tmpfs 64k filled (%d bytes); ingest answered 503, "
                    + "forecasts served, the batch stored whole once space was freed and loaded after a restart%n",
                    filled);
        } finally {
            Disks.unmount(disk);
        }
    }

    @Test
    void aHistoryDirectoryThatCannotBeWrittenStopsStartUpNamingIt() throws Exception {
        Path disk = Files.createDirectories(work.resolve("history-read-only"));
        Disks.readOnly(disk);
        try {
            assertThatThrownBy(() -> TestApp.start("history.dir", disk.toString()))
                    .hasStackTraceContaining("history.dir " + disk + " cannot be created or written")
                    .hasStackTraceContaining("Read-only file system");
        } finally {
            Disks.unmount(disk);
        }
    }

    private static java.time.Instant latest(ApiClient client) {
        Reply node = client.get("/v1/nodes/" + LosLoop.sensors().get(0));
        return java.time.OffsetDateTime.parse(node.json().at("/latest/timestamp").asText()).toInstant();
    }

    /** Forecasts, node reads and ingest with the existing key (steps from {@code row} on) all succeed. */
    private static void keepsServing(ApiClient client, int row) {
        assertThat(client.post("/v1/observations", LosLoop.batch(row, 12)).status()).isEqualTo(202);
        assertThat(client.post("/v1/predict", "{\"horizons\":[1,12]}").status()).isEqualTo(200);
        assertThat(client.get("/v1/nodes/" + LosLoop.sensors().get(0)).status()).isEqualTo(200);
    }

    /** An action that writes an audit line (cache-clear). */
    private static void audited(TestApp app) {
        Reply cleared = app.adminClient().send(app.adminClient().builder("/tasks/cache-clear")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(cleared.status()).isEqualTo(200);
    }

    private static JsonNode health(TestApp app) {
        return app.adminClient().get("/healthcheck").json();
    }
}
