package com.roadcast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.Repo;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards/ files against the real thing: Debian's prometheus scrapes a running instance (with a real
 * Redis) under real traffic; every dashboard query and every alert expression then evaluates without error
 * and returns series; every rule is healthy; stale data (its threshold cut to 5 s in the test's copy of the
 * rules) fires once the traffic stops, and killing Redis fires RoadcastRedisDown (its rule as shipped).
 *
 * <p>Alert expressions are evaluated with their thresholds made {@code bool} comparisons (see
 * {@link DashboardFiles#watched}): a healthy system makes most alerts return nothing, which could not tell
 * a quiet alert from a blind one, while the bool form returns a series for everything the alert watches.
 */
@Timeout(240)
class PrometheusEndToEndIT {
    private static final int STEPS = 14;
    @TempDir
    Path temp;

    /** How many times Prometheus has scraped the instance. */
    private static final String SCRAPES = "count_over_time(up{job=\"roadcast\"}[1h])";

    @Test
    void dashboardQueriesAndAlertsEvaluateAgainstRealPrometheusAndRedisDownFires() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withRedis(redis, temp.resolve("keys.json"))) {
            Path config = prometheusConfig(app.admin().getPort());
            try (PrometheusServer prometheus = PrometheusServer.start(config, temp.resolve("tsdb"))) {
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheus.value("up{job=\"roadcast\"}"))
                        .as("the instance is scraped").isEqualTo(1));
                double requests = traffic(app);
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheus.value(
                        "sum(roadcast_http_requests_total{job=\"roadcast\"})")).as("a scrape after the traffic")
                        .isGreaterThanOrEqualTo(requests));
                // a few more scrapes, so every rate() has samples on both sides of the traffic
                double scrapes = prometheus.value(SCRAPES);
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheus.value(SCRAPES))
                        .as("three scrapes after the traffic").isGreaterThanOrEqualTo(scrapes + 3));

                List<String> failures = new ArrayList<>();
                for (DashboardFiles.Query query : DashboardFiles.panelQueries("1m")) {
                    check(prometheus, query.where(), query.expr(), failures);
                }
                for (JsonNode rule : DashboardFiles.alertRules()) {
                    check(prometheus, "alert " + rule.path("alert").asText(),
                            DashboardFiles.watched(rule.path("expr").asText()), failures);
                }
                assertThat(failures).as("dashboard and alert expressions that fail or return no series").isEmpty();

                int rules = DashboardFiles.alertRules().size();
                Eventually.within(Duration.ofSeconds(30), () -> assertThat(ruleHealth(prometheus))
                        .as("every rule evaluated without error").hasSize(rules).allMatch(h -> h.endsWith("=ok")));
                assertThat(firing(prometheus)).doesNotContain("RoadcastRedisDown");
                Path scrape = temp.resolve("scrape.txt");
                Files.writeString(scrape, app.adminClient().get("/metrics").raw().body());
                Promtool.Result lint = Promtool.run(scrape.toFile(), "check", "metrics");
                assertThat(lint.output()).as("promtool check metrics after the traffic, Redis families included").isBlank();
                assertThat(lint.exit()).isZero();

                Eventually.within(Duration.ofSeconds(30), () -> assertThat(firing(prometheus))
                        .as("no observations for 5 s: stale data fires").contains("RoadcastStaleData"));
                redis.kill();
                Eventually.within(Duration.ofSeconds(60), () -> assertThat(firing(prometheus))
                        .as("Redis killed: its alert fires").contains("RoadcastRedisDown"));
                assertThat(prometheus.value("roadcast_redis_up")).isZero();
                assertThat(app.client(null).get("/health/live").status()).as("the service itself stays up").isEqualTo(200);
            }
        }
    }

    /** Real traffic touching every family; returns how many API requests it made. */
    private double traffic(TestApp app) {
        ApiClient admin = app.client(app.createKey("admin", "internal"));
        int requests = 0;
        assertThat(admin.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
        assertThat(admin.post("/v1/observations", LosLoop.batch(1412, STEPS - 12)).status()).isEqualTo(202);
        assertThat(admin.post("/v1/observations", LosLoop.batch(1413, 1)).status()).as("duplicate step").isEqualTo(422);
        requests += 3;
        ApiClient tasks = app.adminClient();
        assertThat(tasks.send(tasks.builder("/tasks/model-shadow?path=" + Repo.file("models"))
                .POST(HttpRequest.BodyPublishers.noBody())).status()).as("a shadow beside the serving model").isEqualTo(200);
        for (int row = 1400 + STEPS; row < 1400 + STEPS + 13; row++) {
            assertThat(admin.post("/v1/observations", LosLoop.batch(row, 1)).status()).as("one new window").isEqualTo(202);
            requests++;
        }
        for (int i = 0; i < 5; i++) {
            assertThat(admin.post("/v1/predict", Map.of("horizons", List.of(3, 12))).status()).isEqualTo(200);
            assertThat(admin.post("/v1/nodes/" + LosLoop.sensors().get(i) + "/predict", Map.of()).status()).isEqualTo(200);
            assertThat(admin.get("/v1/nodes/" + LosLoop.sensors().get(i)).status()).isEqualTo(200);
            requests += 3;
        }
        ApiClient free = app.client(app.createKey("read", "free"));
        int limited = 0;
        for (int i = 0; i < 22; i++) {
            limited += free.post("/v1/predict", Map.of("horizons", List.of(6))).status() == 429 ? 1 : 0;
            requests++;
        }
        assertThat(limited).as("the free tier's predict budget (20/min) ran out").isPositive();
        assertThat(free.post("/v1/observations", LosLoop.batch(1420, 1)).status()).as("role").isEqualTo(403);
        assertThat(admin.withKey("rc_nosuchkeyid_" + "x".repeat(43)).get("/v1/model").status()).isEqualTo(401);
        assertThat(admin.withKey(null).get("/v1/model").status()).isEqualTo(401);
        assertThat(admin.get("/v1/unknown").status()).isEqualTo(404);
        requests += 4;
        assertThat(tasks.send(tasks.builder("/tasks/model-reload").POST(HttpRequest.BodyPublishers.noBody())).status())
                .isEqualTo(200);
        assertThat(tasks.send(tasks.builder("/tasks/model-reload?path=" + temp.resolve("no-bundle"))
                .POST(HttpRequest.BodyPublishers.noBody())).status()).isGreaterThanOrEqualTo(400);
        assertThat(admin.post("/v1/predict", Map.of()).status()).as("a miss on the reloaded model").isEqualTo(200);
        return requests + 1;
    }

    private Path prometheusConfig(int adminPort) throws IOException {
        // stale after 5 s instead of 15 minutes: the data stops when the traffic does
        return DashboardFiles.prometheusConfig(temp, DashboardFiles.alertsFiringAfter("1s", "RoadcastStaleData", "> 900",
                "> 5"), adminPort, null);
    }

    private static void check(PrometheusServer prometheus, String where, String expr, List<String> failures)
            throws InterruptedException {
        try {
            JsonNode result = prometheus.query(expr);
            System.out.println(where + ": " + result.size() + " series" + (result.isEmpty() ? "" : ", e.g. "
                    + result.get(0).path("metric") + " = " + result.get(0).path("value").path(1).asText()));
            if (result.isEmpty()) {
                failures.add(where + " returned no series: " + expr);
            }
        } catch (IOException | AssertionError e) {
            failures.add(where + " failed: " + e.getMessage());
        }
    }


    /** "name=health" of every rule loaded. */
    private static List<String> ruleHealth(PrometheusServer prometheus) {
        List<String> health = new ArrayList<>();
        api(prometheus, "/api/v1/rules").path("groups").forEach(group -> group.path("rules").forEach(rule ->
                health.add(rule.path("name").asText() + "=" + rule.path("health").asText()
                        + (rule.path("lastError").asText().isEmpty() ? "" : " (" + rule.path("lastError").asText() + ")"))));
        return health;
    }

    private static List<String> firing(PrometheusServer prometheus) {
        List<String> names = new ArrayList<>();
        api(prometheus, "/api/v1/alerts").path("alerts").forEach(alert -> {
            if ("firing".equals(alert.path("state").asText())) {
                names.add(alert.path("labels").path("alertname").asText());
            }
        });
        return names;
    }

    private static JsonNode api(PrometheusServer prometheus, String path) {
        return LoopbackDaemon.unchecked(() -> prometheus.api(path));
    }
}
