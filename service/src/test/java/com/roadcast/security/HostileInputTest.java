package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded generator of hostile requests against every public endpoint and the admin tasks: broken and
 * deeply nested JSON, huge and non-finite numbers, wrong types, control characters and unicode, duplicate
 * keys, wrong content types, traversal in ids. Never a 5xx, never a stack trace, always the error shape.
 */
@Timeout(300)
class HostileInputTest {
    private static final long SEED = 20121106L;
    private static final int CASES = 1500;
    private static TestApp app;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        app = TestApp.start();
        client = app.client(app.createKey("admin", "internal"));
        assertThat(client.post("/v1/observations", LosLoop.batch(1450, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void noHostileInputGetsA5xxOrAStackTrace() {
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < CASES; i++) {
            String body = Bodies.hostile(random);
            String target = Targets.pick(random);
            String contentType = random.nextInt(10) == 0 ? Bodies.oddContentType(random) : "application/json";
            HttpRequest.Builder request = client.builder(target).header("Content-Type", contentType);
            boolean read = target.startsWith("/v1/nodes?") || target.equals("/v1/model")
                    || target.startsWith("/v1/nodes/") && !target.endsWith("/predict");
            tried++;
            try {
                Reply reply = client.send(read ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body)));
                check(reply, target + " " + abbreviate(body), problems);
            } catch (java.io.UncheckedIOException e) {
                problems.add("no answer (" + e.getCause().getMessage() + ") for " + target + " " + abbreviate(body));
            }
        }
        System.out.printf("hostile inputs tried: %d, problems: %d%n", tried, problems.size());
        assertThat(problems).isEmpty();
        assertThat(client.get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void adminTasksRefuseNonsenseCleanly() {
        ApiClient admin = app.adminClient();
        for (String task : List.of("model-reload?path=/etc", "model-reload?path=..%2F..%2F", "model-reload?path=%00", "nope")) {
            Reply reply = admin.send(admin.builder("/tasks/" + task).POST(HttpRequest.BodyPublishers.ofString("{{{")));
            assertThat(reply.status()).as(task).isBetween(400, 599);
            assertThat(reply.raw().body()).as(task).doesNotContain("at com.").doesNotContain("at java.");
        }
        Reply injected = admin.send(admin.builder("/tasks/cache-clear?prefix=%0d%0aX-Injected:1")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(injected.status()).isEqualTo(200);
        assertThat(injected.raw().headers().firstValue("X-Injected")).isEmpty();
        assertThat(client.post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);
    }

    private static void check(Reply reply, String what, List<String> problems) {
        String body = reply.raw().body();
        if (reply.status() >= 500) {
            problems.add(reply.status() + " for " + what + ": " + abbreviate(body));
        } else if (body.contains("at com.") || body.contains("at java.") || body.contains("Exception")) {
            problems.add("stack trace for " + what);
        } else if (reply.status() >= 400) {
            JsonNode json = reply.json();
            if (json == null || !json.has("code") || !json.has("message") || !json.has("request_id")
                    || json.get("code").asInt() != reply.status()) {
                problems.add("not the error shape for " + what + ": " + abbreviate(body));
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
