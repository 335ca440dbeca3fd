package com.roadcast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.reliability.Load;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert delivery with Debian's Prometheus and Alertmanager: the shipped dashboards/alertmanager.yml passes
 * {@code amtool} and routes every shipped alert to its webhook receiver (its commented email and chat examples
 * too, once uncommented); then, live, Redis is killed while clients use an instance, the shipped
 * RoadcastRedisDown rule fires and Alertmanager posts it to a webhook receiver on 127.0.0.1, which gets the
 * resolved notification once Redis is back.
 *
 * <p>The live test's copies change only addresses (scrape target, Alertmanager, webhook URL) and what would
 * take minutes: RoadcastRedisDown's {@code for:} (2m) becomes 5 s, every other rule is as shipped; the route's
 * {@code group_wait} and {@code group_interval} become 1 s; Prometheus scrapes and evaluates every second.
 */
@Timeout(120)
class AlertDeliveryIT {
    private static final String ALERT = "RoadcastRedisDown";
    private static final String WEBHOOK = "roadcast-webhook";
    /** A commented-out YAML line of the shipped file (a key or a list item), as opposed to a comment in prose. */
    private static final Pattern COMMENTED_YAML = Pattern.compile("(?m)^(\\s*)# ?(\\s*(?:- )?[a-z_]+:.*)$");
    @TempDir
    Path temp;

    @Test
    void shippedConfigPassesAmtoolAndRoutesEveryAlertToTheWebhook() throws Exception {
        Path shipped = shipped();
        Promtool.Result check = Promtool.amtool("check-config", shipped.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        Promtool.Result prometheus = Promtool.run(null, "check", "config", DashboardFiles.dir().resolve("prometheus.yml").toString());
        assertThat(prometheus.exit()).as(prometheus.output()).isZero();
        for (JsonNode rule : DashboardFiles.alertRules()) {
            String severity = rule.path("labels").path("severity").asText();
            assertThat(routes(shipped, rule.path("alert").asText(), severity)).as(rule.path("alert").asText()).isEqualTo(WEBHOOK);
        }

        Path examples = temp.resolve("alertmanager-examples.yml");
        Files.writeString(examples, COMMENTED_YAML.matcher(Files.readString(shipped)).replaceAll("$1$2"));
        Promtool.Result all = Promtool.amtool("check-config", examples.toString());
        assertThat(all.exit()).as("the commented examples, uncommented: " + all.output()).isZero();
        assertThat(all.output()).contains("3 receivers");
        assertThat(routes(examples, "RoadcastInstanceDown", "page")).as("a page goes to people and still to the webhook")
                .isEqualTo("roadcast-email,roadcast-chat," + WEBHOOK);
        assertThat(routes(examples, ALERT, "warn")).as("a warning only to the webhook").isEqualTo(WEBHOOK);
    }

    @Test
    void redisKilledUnderTrafficReachesTheWebhookAndSoDoesItsResolution() throws Exception {
        try (AlertReceiver receiver = AlertReceiver.start();
                RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withRedis(redis, temp.resolve("keys.json"));
                AlertmanagerServer alertmanager = AlertmanagerServer.start(alertmanagerConfig(receiver.url()),
                        temp.resolve("alertmanager"));
                PrometheusServer prometheus = PrometheusServer.start(DashboardFiles.prometheusConfig(temp,
                        DashboardFiles.alertsWithFor(ALERT, "5s"), app.admin().getPort(), alertmanager.address()),
                        temp.resolve("tsdb"))) {
            ApiClient client = app.client(app.createKey("admin", "internal"));
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(prometheus.value("roadcast_redis_up{job=\"roadcast\"}"))
                    .as("Prometheus scrapes the instance, Redis up").isEqualTo(1));
            assertThat(prometheus.value("count(ALERTS{alertname=\"" + ALERT + "\"})")).as("not pending, not firing").isNaN();

            String node = LosLoop.sensors().get(0);
            Load clients = new Load(2, 3_000, 200, n -> {
                LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
                return n % 2 == 0 ? client.post("/v1/predict", Map.of("horizons", List.of(3, 12))) : client.get("/v1/nodes/" + node);
            });
            try (clients) {
                long killed = System.nanoTime();
                redis.kill();
                AlertReceiver.Delivery firing = delivered(receiver, "firing", alertmanager);
                long firedMillis = (System.nanoTime() - killed) / 1_000_000;
                assertThat(firing.receiver()).as("the shipped route's receiver").isEqualTo(WEBHOOK);
                assertThat(firing.label("severity")).isEqualTo("warn");
                assertThat(firing.label("job")).isEqualTo("roadcast");
                assertThat(firing.label("instance")).isEqualTo("127.0.0.1:" + app.admin().getPort());
                assertThat(firing.annotations().path("summary").asText()).contains(firing.label("instance"), "cannot reach Redis");
                assertThat(firing.annotations().path("runbook_url").asText()).isEqualTo("docs/OPERATIONS.md#roadcastredisdown");
                assertThat(receiver.deliveries(ALERT, "resolved")).as("Redis is still down").isEmpty();

                long restarted = System.nanoTime();
                redis.restart();
                AlertReceiver.Delivery resolved = delivered(receiver, "resolved", alertmanager);
                long resolvedMillis = (System.nanoTime() - restarted) / 1_000_000;
                assertThat(resolved.receiver()).isEqualTo(WEBHOOK);
                assertThat(resolved.label("instance")).isEqualTo(firing.label("instance"));

                Load.Summary traffic = clients.stop();
                System.out.printf("ALERTS %s firing at the webhook %d ms after Redis was killed, resolved %d ms after it"
                        + " returned; clients meanwhile: %d requests, %s%n", ALERT, firedMillis, resolvedMillis,
                        traffic.requests(), traffic.statuses());
                assertThat(traffic.failures()).as("clients see the service degrade, not fail").isEmpty();
                assertThat(traffic.requests()).isPositive();
            }
        }
    }

    /** The first delivery of the alert with this status, waited for up to a minute. */
    private static AlertReceiver.Delivery delivered(AlertReceiver receiver, String status, AlertmanagerServer alertmanager) {
        Eventually.within(Duration.ofSeconds(60), () -> assertThat(receiver.deliveries(ALERT, status))
                .as(alertmanager::state).isNotEmpty());
        return receiver.deliveries(ALERT, status).get(0);
    }

    private static Path shipped() {
        return DashboardFiles.dir().resolve("alertmanager.yml");
    }

    /** The receivers {@code amtool} routes an alert with these labels to, comma-separated in routing order. */
    private static String routes(Path config, String alertname, String severity) throws Exception {
        Promtool.Result result = Promtool.amtool("config", "routes", "test", "--config.file=" + config,
                "alertname=" + alertname, "severity=" + severity, "job=roadcast", "instance=127.0.0.1:8111");
        assertThat(result.exit()).as(result.output()).isZero();
        // amtool also warns that --config.file overrides --alertmanager.url
        return result.output().lines().filter(line -> !line.startsWith("Warning:")).reduce("", String::concat).trim();
    }

    /**
     * The shipped alertmanager.yml with its webhook posting to {@code webhookUrl} and notifications grouped
     * within a second instead of 30 s (group_wait) and 5 minutes (group_interval); checked by amtool.
     */
    private Path alertmanagerConfig(String webhookUrl) throws IOException, InterruptedException {
        ObjectNode config = (ObjectNode) DashboardFiles.YAML.readTree(shipped().toFile());
        int webhooks = 0;
        for (JsonNode receiver : config.path("receivers")) {
            for (JsonNode webhook : receiver.path("webhook_configs")) {
                ((ObjectNode) webhook).put("url", webhookUrl);
                webhooks++;
            }
        }
        assertThat(webhooks).as("webhooks in the shipped alertmanager.yml").isEqualTo(1);
        ObjectNode route = (ObjectNode) config.path("route");
        route.put("group_wait", "1s").put("group_interval", "1s");
        quicken(route.path("routes"));
        Path file = temp.resolve("alertmanager.yml");
        DashboardFiles.YAML.writeValue(file.toFile(), config);
        Promtool.Result check = Promtool.amtool("check-config", file.toString());
        assertThat(check.exit()).as(check.output()).isZero();
        Files.createDirectories(temp.resolve("alertmanager"));
        return file;
    }

    /** Sub-routes that set their own group timings get the test's 1 s too. */
    private static void quicken(JsonNode routes) {
        for (JsonNode child : routes) {
            for (String timing : List.of("group_wait", "group_interval")) {
                if (child.has(timing)) {
                    ((ObjectNode) child).put(timing, "1s");
                }
            }
            quicken(child.path("routes"));
        }
    }
}
