package com.roadcast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.roadcast.testing.Repo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/** The shipped dashboards/ files: the Grafana dashboard's queries, the alert rules, Prometheus's configuration. */
final class DashboardFiles {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** A comparison against a number literal (never a label matcher: those are followed by a quote). */
    private static final Pattern THRESHOLD = Pattern.compile("(==|!=|>=|<=|>|<)\\s*(?=[-0-9.])");

    private DashboardFiles() {}

    static Path dir() {
        return Repo.file("dashboards");
    }

    static JsonNode dashboard() throws IOException {
        return JSON.readTree(dir().resolve("roadcast.json").toFile());
    }

    static JsonNode alerts() throws IOException {
        return YAML.readTree(dir().resolve("alerts.yml").toFile());
    }

    /** A panel query and where it is: "panel title / refId". */
    record Query(String where, String expr) {}

    /**
     * Every target of every panel, with Grafana's variables replaced as Grafana would for "all instances
     * of the roadcast job" ({@code $__rate_interval} becomes {@code rateInterval}).
     */
    static List<Query> panelQueries(String rateInterval) throws IOException {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard().path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText()
                        .replace("$__rate_interval", rateInterval)
                        .replace("$job", "roadcast")
                        .replace("$instance", ".+");
                queries.add(new Query(panel.path("title").asText() + " / " + target.path("refId").asText(), expr));
            }
        }
        return queries;
    }

    static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        alerts().path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /**
     * The alert's expression with every threshold comparison made a {@code bool} one: it then returns a
     * series (0 or 1) for everything the alert watches, firing or not, so "no series" means the alert is
     * blind (a misspelt metric or label), not merely quiet.
     */
    static String watched(String alertExpr) {
        return THRESHOLD.matcher(alertExpr).replaceAll("$1 bool ");
    }

    /**
     * alerts.yml with every {@code for:} shortened, so a test sees an alert fire within seconds, and the
     * given alert's threshold text replaced (e.g. "> 900" by "> 5"); fails if that text is not in its rule.
     */
    static JsonNode alertsFiringAfter(String duration, String alert, String threshold, String testThreshold)
            throws IOException {
        return editedAlerts((name, rule) -> {
            rule.put("for", duration);
            if (alert.equals(name)) {
                String expr = rule.path("expr").asText();
                if (!expr.contains(threshold)) {
                    throw new AssertionError(alert + " has no threshold '" + threshold + "': " + expr);
                }
                rule.put("expr", expr.replace(threshold, testThreshold));
            }
        });
    }

    /** alerts.yml as shipped but for one alert's {@code for:}, which becomes {@code duration}; fails if it has none. */
    static JsonNode alertsWithFor(String alert, String duration) throws IOException {
        Set<String> edited = new HashSet<>();
        JsonNode copy = editedAlerts((name, rule) -> {
            if (alert.equals(name) && rule.has("for")) {
                rule.put("for", duration);
                edited.add(name);
            }
        });
        if (edited.isEmpty()) {
            throw new AssertionError("alerts.yml has no rule " + alert + " with a 'for:'");
        }
        return copy;
    }

    private static JsonNode editedAlerts(BiConsumer<String, ObjectNode> edit) throws IOException {
        JsonNode copy = alerts();
        copy.path("groups").forEach(group -> group.path("rules").forEach(rule ->
                edit.accept(rule.path("alert").asText(), (ObjectNode) rule)));
        return copy;
    }

    /**
     * The shipped prometheus.yml made a test's, written to {@code dir} with its {@code rules} beside it:
     * scrapes and rule evaluations every second, the one target {@code adminPort}, and alerts sent to the
     * Alertmanager at {@code alertmanager} (host:port), or nowhere when it is null. Its TSDB goes to dir/tsdb.
     */
    static Path prometheusConfig(Path dir, JsonNode rules, int adminPort, String alertmanager) throws IOException {
        Path rulesFile = dir.resolve("alerts.yml");
        YAML.writeValue(rulesFile.toFile(), rules);
        ObjectNode config = (ObjectNode) YAML.readTree(dir().resolve("prometheus.yml").toFile());
        ((ObjectNode) config.path("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        config.putArray("rule_files").add(rulesFile.toString());
        ArrayNode targets = config.path("scrape_configs").path(0).path("static_configs").path(0).withArray("targets");
        targets.removeAll().add("127.0.0.1:" + adminPort);
        if (alertmanager == null) {
            config.remove("alerting");
        } else {
            JsonNode managers = config.path("alerting").path("alertmanagers");
            if (managers.size() != 1) {
                throw new AssertionError("prometheus.yml should send alerts to one Alertmanager: " + managers);
            }
            ArrayNode alertTargets = managers.path(0).path("static_configs").path(0).withArray("targets");
            alertTargets.removeAll().add(alertmanager);
        }
        Path file = dir.resolve("prometheus.yml");
        YAML.writeValue(file.toFile(), config);
        Files.createDirectories(dir.resolve("tsdb"));
        return file;
    }
}
