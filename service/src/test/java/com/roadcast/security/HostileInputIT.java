package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded generator of hostile requests against every public endpoint and the admin tasks: broken and
 * deeply nested JSON, huge and non-finite numbers, wrong types, control characters and unicode, duplicate
 * keys, wrong content types, traversal in ids. Never a 5xx, never a stack trace, always the error shape.
 */
@Timeout(300)
class HostileInputIT {
    private static final long SEED = 20121106L;
    private static final int CASES = 1500;
    @RegisterExtension
    static final Served served = new Served();

    @Test
    void noHostileInputGetsA5xxOrAStackTrace() {
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < CASES; i++) {
            String body = Bodies.hostile(random);
            String target = Targets.pick(random);
            String contentType = random.nextInt(10) == 0 ? Bodies.oddContentType(random) : "application/json";
            boolean read = target.startsWith("/v1/nodes?") || target.equals("/v1/model")
                    || target.startsWith("/v1/nodes/") && !target.endsWith("/predict");
            tried++;
            try {
                check(send(served.client(), target, contentType, body, read), target + " " + Answers.abbreviate(body), problems);
            } catch (java.io.UncheckedIOException closedEarly) {
                // the server may close a connection after refusing a request, even while the client is
                // still sending: the same request on a fresh connection must then be answered properly
                try {
                    check(send(served.client().withKey(served.key()), target, contentType, body, read), target + " " + Answers.abbreviate(body),
                            problems);
                } catch (java.io.UncheckedIOException e) {
                    problems.add("no answer twice (" + e.getCause().getMessage() + ") for " + target + " "
                            + Answers.abbreviate(body));
                }
            }
        }
        System.out.printf("hostile inputs tried: %d, problems: %d%n", tried, problems.size());
        assertThat(problems).isEmpty();
        assertThat(served.client().get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void adminTasksRefuseNonsenseCleanly() {
        ApiClient admin = served.app().adminClient();
        for (String task : List.of("model-reload?path=/etc", "model-reload?path=..%2F..%2F", "model-reload?path=%00", "nope")) {
            Reply reply = admin.send(admin.builder("/tasks/" + task).POST(HttpRequest.BodyPublishers.ofString("{{{")));
            assertThat(reply.status()).as(task).isBetween(400, 599);
            assertThat(reply.raw().body()).as(task).doesNotContain("at com.").doesNotContain("at java.");
        }
        Reply injected = admin.send(admin.builder("/tasks/cache-clear?prefix=%0d%0aX-Injected:1")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(injected.status()).isEqualTo(200);
        assertThat(injected.raw().headers().firstValue("X-Injected")).isEmpty();
        assertThat(served.client().post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);
    }

    private static Reply send(ApiClient sender, String target, String contentType, String body, boolean read) {
        HttpRequest.Builder request = sender.builder(target).header("Content-Type", contentType);
        return sender.send(read ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void check(Reply reply, String what, List<String> problems) {
        Answers.problem(reply, what, java.util.Set.of()).ifPresent(problems::add);
    }
}
