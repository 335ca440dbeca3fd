package com.roadcast.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real keys go everywhere a client can put them (header, URL path and query, body, User-Agent, request id,
 * an admin task's parameters) against an instance on a password-protected Redis with the production log
 * layouts (JSON application log, JSON access log); then every line of the application log, the access log
 * and the audit trail is searched for the secrets: none may appear, while the lines themselves must.
 */
@Timeout(120)
class LogRedactionIT {

    @Test
    void noSecretReachesAnyLog() throws Exception {
        String redisPassword;
        String password = "hunter-" + UUID.randomUUID();
        String key;
        String wrongKey;
        String audit;
        String logs;
        try (CapturedLogs captured = new CapturedLogs();
                RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withConfig(CapturedLogs.productionLoggingConfig(),
                        "redis.url", redis.url(), // as production connects: redis://roadcast:PASSWORD@...
                        "logging.level", "INFO")) {
            redisPassword = redis.password();
            assertThat(redisPassword).hasSizeGreaterThanOrEqualTo(32);
            key = app.createKey("admin", "internal");
            wrongKey = key.substring(0, secretStart(key)) + "A".repeat(43);
            ApiClient client = app.client(key);
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
            assertThat(client.post("/v1/predict", Map.of()).status()).isEqualTo(200);
            assertThat(client.withKey(null).get("/v1/model?api_key=" + key).status()).isEqualTo(401);
            assertThat(client.withKey(null).get("/v1/model?key=" + key + "&password=" + password).status()).isEqualTo(401);
            assertThat(client.get("/v1/nodes/" + key).status()).isEqualTo(404);
            assertThat(client.post("/v1/predict", Map.of("nodes", List.of(key))).status()).isEqualTo(422);
            assertThat(client.post("/v1/predict", "{\"api_key\":\"" + key + "\",\"password\":\"" + password + "\"}")
                    .status()).isEqualTo(422);
            assertThat(client.withKey(wrongKey).get("/v1/model").status()).isEqualTo(401);
            assertThat(client.send(client.builder("/v1/model").header("User-Agent", "bot " + key)).status()).isEqualTo(200);
            assertThat(client.send(client.builder("/v1/model").header("X-Request-Id", key)).status()).isEqualTo(200);
            ApiClient admin = app.adminClient();
            admin.send(admin.builder("/tasks/cache-clear?prefix=" + key).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(admin.send(admin.builder("/tasks/model-reload?path=/nonexistent/" + key)
                    .POST(HttpRequest.BodyPublishers.noBody())).status()).isGreaterThanOrEqualTo(400);
            assertThat(client.get("/v1/last-request-marker").status()).isEqualTo(404);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(captured.text()).contains("last-request-marker"));
            audit = Files.readString(app.auditLog());
            logs = captured.text();
        }
        String keySecret = key.substring(secretStart(key));
        String wrongSecret = wrongKey.substring(secretStart(wrongKey));
        String keyId = key.split("_")[1];

        assertThat(logs).as("the access log saw the requests").contains("/v1/model").contains("/v1/nodes/rc_" + keyId + "_");
        assertThat(logs).as("secret-like values were masked, not dropped").contains(Redactor.MASK);
        assertThat(audit).as("the audit trail names keys by id").contains(keyId).contains("cache-clear").contains("auth");
        for (String secret : List.of(keySecret, wrongSecret, redisPassword, password)) {
            assertThat(logs).as("application and access logs").doesNotContain(secret);
            assertThat(audit).as("audit trail").doesNotContain(secret);
        }
    }

    /** Where a key's secret begins: after {@code rc_<id>_} (the secret's own alphabet has underscores too). */
    private static int secretStart(String key) {
        return key.indexOf('_', key.indexOf('_') + 1) + 1;
    }
}
