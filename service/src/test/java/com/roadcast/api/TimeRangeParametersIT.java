package com.roadcast.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.TestApp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code from}/{@code to} read the same on every endpoint that takes a range: the export and the accuracy
 * answer one bad range with one status, code and message.
 */
@Timeout(120)
class TimeRangeParametersIT {
    private static final String FROM = "2012-03-05T13:20:00-08:00";
    private static final String TO = "2012-03-05T14:20:00-08:00";

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void theExportAndTheAccuracyAnswerABadRangeAlike() {
        try (TestApp app = TestApp.start()) {
            ApiClient reader = app.client(app.createKey("read", "internal"));
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("from=yesterday&to=" + q(TO), "400 from 'yesterday' is not ISO-8601 with an offset");
            expected.put("from=" + q(FROM) + "&to=2012-03-05T14%3A20%3A00", "400 to '2012-03-05T14:20:00' is not ISO-8601");
            expected.put("from=" + q(TO) + "&to=" + q(FROM), "422 from '" + TO + "' is after to '" + FROM + "'");
            expected.put("from=" + q(FROM) + "&to=" + q("2012-04-05T13:25:00-08:00"),
                    "422 from..to spans 31 days 5 minutes; one request may span at most 31 days (history.maxExportRange)");
            expected.put("from=2012-03-05T13:20:00+08:00&to=2012-03-05T13:30:00+08:00", "200");
            expected.forEach((query, answer) -> {
                Reply export = reader.get("/v1/observations?" + query);
                Reply accuracy = reader.get("/v1/model/accuracy?" + query);
                assertThat(shown(export)).as("export ?%s", query).startsWith(answer);
                assertThat(shown(accuracy)).as("accuracy ?%s", query).isEqualTo(shown(export));
            });
        }
    }

    /** Status, then the error's code and message (or nothing for a 200). */
    private static String shown(Reply reply) {
        if (reply.status() == 200) {
            return "200";
        }
        assertThat(reply.json().get("code").asInt()).isEqualTo(reply.status());
        assertThat(reply.json().get("request_id").asText()).isEqualTo(reply.header("X-Request-Id"));
        return reply.status() + " " + reply.json().get("message").asText();
    }
}
