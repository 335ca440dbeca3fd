package com.roadcast.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.Repo;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard is importable and provisionable as shipped (datasource a variable, unique panel
 * ids, every panel with queries, the required views present), and every alert rule passes promtool and
 * links to a runbook that exists. That every query parses and returns data is PrometheusEndToEndIT's.
 */
@Timeout(60)
class DashboardFilesIT {
    private static final String DATASOURCE = "${datasource}";

    @Test
    void dashboardHasADatasourceVariableAndWellFormedPanels() throws Exception {
        JsonNode dashboard = DashboardFiles.dashboard();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("title").asText()).isNotBlank();
        JsonNode variable = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("datasource")) {
                variable = v;
            }
        }
        assertThat(variable).as("a datasource template variable").isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        assertThat(dashboard.has("__inputs")).as("no import-time inputs: provisioning would not fill them").isFalse();

        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt(-1))).as("unique id of " + title).isTrue();
            assertThat(panel.path("type").asText()).as(title).isIn("timeseries", "table", "stat");
            assertThat(panel.path("gridPos").path("w").asInt()).as(title).isBetween(1, 24);
            assertThat(panel.path("gridPos").path("h").asInt()).as(title).isPositive();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
            assertThat(panel.path("targets").size()).as("queries of " + title).isPositive();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.path("targets")) {
                assertThat(refIds.add(target.path("refId").asText())).as("unique refId in " + title).isTrue();
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(12);
    }

    @Test
    void dashboardCoversEveryRequiredView() throws Exception {
        String exprs = DashboardFiles.panelQueries("1m").stream().map(DashboardFiles.Query::expr)
                .collect(Collectors.joining("\n"));
        for (String needed : List.of("rate(roadcast_http_requests_total", "histogram_quantile(0.5,",
                "histogram_quantile(0.95,", "histogram_quantile(0.99,", "roadcast_http_request_duration_seconds_bucket",
                "status=\"5xx\"", "roadcast_cache_lookups_total", "roadcast_forecasts_served_total",
                "roadcast_inference_duration_seconds_bucket", "roadcast_rate_limited_requests_total",
                "roadcast_auth_failures_total", "roadcast_model_info", "roadcast_model_reloads_total",
                "roadcast_observation_last_ingest_age_seconds", "jvm_memory_used_bytes", "jvm_gc_collection_seconds",
                "roadcast_redis_up", "roadcast_redis_command_duration_seconds_bucket", "roadcast_redis_pool_connections",
                "roadcast_forecast_mae_mph", "roadcast_forecast_skill", "roadcast_sensors{", "roadcast_stream_open{")) {
            assertThat(exprs).as("a panel queries " + needed).contains(needed);
        }
    }

    @Test
    void alertRulesPassPromtoolAndLinkToRunbooksThatExist() throws Exception {
        Promtool.Result check = Promtool.run(null, "check", "rules", DashboardFiles.dir().resolve("alerts.yml").toString());
        assertThat(check.exit()).as(check.output()).isZero();

        String operations = Files.readString(Repo.file("docs/OPERATIONS.md"));
        Set<String> anchors = new HashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{2,4} (.+)$").matcher(operations);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        Set<String> names = new HashSet<>();
        for (JsonNode rule : DashboardFiles.alertRules()) {
            String name = rule.path("alert").asText();
            names.add(name);
            assertThat(rule.path("labels").path("severity").asText()).as(name).isIn("page", "warn");
            assertThat(rule.path("annotations").path("summary").asText()).as(name).isNotBlank();
            String runbook = rule.path("annotations").path("runbook_url").asText();
            assertThat(runbook).as(name).startsWith("docs/OPERATIONS.md#");
            assertThat(anchors).as("runbook heading for " + name).contains(runbook.substring(runbook.indexOf('#') + 1));
        }
        assertThat(names).contains("RoadcastHighErrorRatio", "RoadcastLatencyP99OverBudget", "RoadcastStaleData",
                "RoadcastModelNotLoaded", "RoadcastRedisDown", "RoadcastCacheHitRatioCollapse", "RoadcastSensorsUnhealthy");
    }
}
