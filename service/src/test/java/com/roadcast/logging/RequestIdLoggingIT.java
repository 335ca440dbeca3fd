package com.roadcast.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With the production layouts, the id of the request being served is on the lines it causes in the
 * application log (MDC {@code request_id}), the access log ({@code X-Request-Id}) and the audit trail, for
 * API and admin requests alike, and is the id the client got back.
 */
@Timeout(120)
class RequestIdLoggingIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineARequestCausesCarriesItsId() throws Exception {
        List<JsonNode> lines;
        List<JsonNode> audit;
        String generated;
        try (CapturedLogs captured = new CapturedLogs();
                TestApp app = TestApp.withConfig(CapturedLogs.productionLoggingConfig(), "logging.level", "INFO")) {
            ApiClient client = app.client(null);
            ApiClient.Reply anonymous = client.get("/v1/model");
            assertThat(anonymous.status()).isEqualTo(401);
            generated = anonymous.header("X-Request-Id");
            assertThat(client.send(client.builder("/v1/model").header("X-Request-Id", "req-api-0001")).header("X-Request-Id"))
                    .isEqualTo("req-api-0001");
            ApiClient admin = app.adminClient();
            ApiClient.Reply task = admin.send(admin.builder("/tasks/model-reload?path=/nonexistent")
                    .header("X-Request-Id", "req-admin-0001").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(task.status()).isGreaterThanOrEqualTo(400);
            assertThat(task.header("X-Request-Id")).as("admin answers carry the id too").isEqualTo("req-admin-0001");
            assertThat(client.get("/v1/last-request-marker").status()).isEqualTo(404);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(captured.text()).contains("last-request-marker"));
            lines = json(captured.text().lines().toList());
            audit = json(Files.readAllLines(app.auditLog()));
        }
        assertThat(access(lines, "req-api-0001")).as("access line of the API request").isTrue();
        assertThat(access(lines, "req-admin-0001")).as("access line of the admin request").isTrue();
        assertThat(access(lines, generated)).as("access line with the id generated for the client").isTrue();
        assertThat(lines).as("the task's failure in the application log, under the task request's id")
                .anyMatch(l -> l.path("logger").asText().endsWith("TaskServlet")
                        && l.path("mdc").path("request_id").asText().equals("req-admin-0001"));
        // the second failed key from this address in the window is counted for its summary, not a line of its own
        assertThat(audit).extracting(l -> l.path("action").asText() + " " + l.path("request_id").asText())
                .contains("auth " + generated, "model-reload req-admin-0001")
                .doesNotContain("auth req-api-0001");
    }

    private static boolean access(List<JsonNode> lines, String id) {
        return lines.stream().anyMatch(l -> l.has("uri") && id.equals(l.path("responseHeaders").path("X-Request-Id").asText()));
    }

    private static List<JsonNode> json(List<String> lines) {
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("{")) {
                try {
                    parsed.add(JSON.readTree(line));
                } catch (IOException notJson) {
                    // a line another test thread interleaved: not ours
                }
            }
        }
        return parsed;
    }
}
