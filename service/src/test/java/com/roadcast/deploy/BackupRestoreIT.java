package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * scripts/backup.sh, taken while the service runs (as production's ACL user), and scripts/restore.sh onto
 * an empty Redis: a new instance there lets the same keys in (and no others), exports the same history,
 * lists the same webhooks and forecasts without new observations; the audit trail comes back; the
 * forecast cache does not.
 */
@Timeout(180)
class BackupRestoreIT {
    private static final String[] SETTINGS = {"webhooks.allowHosts", "127.0.0.1"};

    @Test
    void aBackupRestoredOntoAnEmptyRedisServesTheSameKeysHistoryAndWebhooks(@TempDir Path dir) throws Exception {
        Path before = Files.createDirectories(dir.resolve("before"));
        Path after = Files.createDirectories(dir.resolve("after"));
        String export = "/v1/observations?from=" + q(LosLoop.time(1400)) + "&to=" + q(LosLoop.time(1423));
        try (RedisServer original = RedisServer.start(); RedisServer empty = RedisServer.start()) {
            String admin;
            String reader;
            String exported;
            String webhooks;
            String archive;
            try (TestApp app = TestApp.withRedis(original, before.resolve("keys.json"), SETTINGS)) {
                admin = app.createKey("admin", "internal");
                reader = app.createKey("read", "internal");
                ApiClient client = app.client(admin);
                assertThat(client.post("/v1/observations", LosLoop.batch(1400, 24)).status()).isEqualTo(202);
                assertThat(client.post("/v1/predict", Map.of()).status()).isEqualTo(200);
                assertThat(client.post("/v1/webhooks", Map.of("url", "http://127.0.0.1:9/hook", "nodes",
                        List.of(LosLoop.sensors().get(0)), "when", Map.of("speed_below_mph", 30, "within_minutes", 30))).status())
                        .isEqualTo(201);
                com.roadcast.testing.Eventually.within(java.time.Duration.ofSeconds(10),
                        () -> assertThat(app.auditLog()).content().contains("webhook-create"));
                exported = app.client(reader).get(export).raw().body();
                webhooks = client.get("/v1/webhooks").raw().body();

                Commands.Outcome backup = script("backup.sh", original, before, "BACKUP_DIR=" + dir.resolve("backups"));
                assertThat(backup.exitCode()).as(backup.output()).isZero();
                archive = backup.output().strip().lines().reduce((first, last) -> last).orElseThrow();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(archive)))).isEqualTo("rw-------");
            }
            assertThat(exported).as("the history exported").contains(LosLoop.sensors().get(0));
            try (Jedis operator = original.operator(2000)) {
                assertThat(operator.keys("roadcast:fc:*")).as("the cache is there, to be left out").isNotEmpty();
            }

            Commands.Outcome restore = script("restore.sh", empty, after, archive);
            assertThat(restore.exitCode()).as(restore.output()).isZero();
            try (Jedis operator = empty.operator(2000)) {
                assertThat(operator.keys("roadcast:fc*")).as("the forecast cache is not backed up").isEmpty();
                assertThat(operator.exists("roadcast:keys", "roadcast:history", "roadcast:webhooks")).isEqualTo(3);
            }
            assertThat(Files.list(after).filter(f -> f.getFileName().toString().startsWith("audit")).toList())
                    .as("the audit trail").singleElement()
                    .satisfies(trail -> assertThat(trail).content().contains("webhook-create"));

            try (TestApp restored = TestApp.withRedis(empty, after.resolve("keys.json"), SETTINGS)) {
                assertThat(restored.client(admin).get("/v1/model").status()).as("the admin key").isEqualTo(200);
                assertThat(restored.client(reader).get(export).raw().body()).as("the same history").isEqualTo(exported);
                assertThat(restored.client(admin).get("/v1/webhooks").raw().body()).as("the same webhooks").isEqualTo(webhooks);
                assertThat(restored.client(admin).post("/v1/predict", Map.of()).status()).as("the window, back").isEqualTo(200);
                String otherKey = admin.substring(0, admin.length() - 5) + "AAAAA";
                assertThat(restored.client(otherKey).get("/v1/model").status()).isEqualTo(401);
            }
        }
    }

    /** Runs scripts/NAME with the service's Redis URL and this instance's key store and audit directory. */
    private static Commands.Outcome script(String name, RedisServer redis, Path files, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "REDIS_URL=" + redis.url(), "ROADCAST_ENV_FILE=/nonexistent",
                "ROADCAST_KEY_STORE=" + files.resolve("keys.json"), "ROADCAST_AUDIT_DIR=" + files));
        List<String> arguments = new ArrayList<>();
        for (String extra : more) {
            (extra.contains("=") ? command : arguments).add(extra);
        }
        command.addAll(List.of("bash", Repo.file("scripts/" + name).toString()));
        command.addAll(arguments);
        return Commands.outcome(Repo.root(), command, null);
    }

    private static String q(java.time.OffsetDateTime time) {
        return URLEncoder.encode(time.toString(), StandardCharsets.UTF_8);
    }
}
