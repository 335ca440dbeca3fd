package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seeded fuzzing of every public endpoint and the admin tasks with {@link JsonFuzz} bodies, odd content
 * types and hostile paths and parameters: never a 5xx or a stack trace, always the error shape, the
 * statuses each kind deserves (duplicate keys 422 naming where, nesting past 1,000 and non-finite numbers
 * 400 or 422, 10 MB bodies 413), and the heap after a GC no bigger afterwards than a bound.
 */
@Timeout(600)
class FuzzIT {
    private static final long SEED = 20261201L;
    private static final int CASES = Integer.getInteger("roadcast.fuzz.cases", 3000);
    private static final long HEAP_GROWTH_BOUND = 64L * 1024 * 1024;
    private static final List<String> BODY_TARGETS = List.of("/v1/predict", "/v1/nodes/773869/predict", "/v1/observations");
    private static final List<String> TASKS = List.of("cache-clear?prefix=", "cache-stats?x=", "keys-reload?x=",
            "model-reload?path=", "model-rollback?x=");
    private static final List<String> PARAMS = List.of("%00", "..%2F..%2Fetc%2Fpasswd", "%0d%0aX-Injected:%201", "%ff%fe",
            "x".repeat(5000), "%25", "%C3%A9", "NaN", "%2Ftmp%2Fnowhere", "%7B%22a%22%3A1%7D");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml", "application/json; charset=utf-16",
            "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/jsonx", "");
    @RegisterExtension
    static final Served served = new Served();

    @Test
    void fuzzedRequestsAreRefusedCleanlyAndMemoryStaysBounded() {
        long heapBefore = heapAfterGc();
        Random random = new Random(SEED);
        List<String> problems = new ArrayList<>();
        Map<JsonFuzz.Kind, Integer> byKind = new EnumMap<>(JsonFuzz.Kind.class);
        int other = 0;
        for (int i = 0; i < CASES; i++) {
            int pick = random.nextInt(10);
            if (pick < 7) {
                String target = BODY_TARGETS.get(random.nextInt(BODY_TARGETS.size()));
                JsonFuzz.Body body = JsonFuzz.next(random, target);
                byKind.merge(body.kind(), 1, Integer::sum);
                exchange(served.client(), post(served.client(), target, "application/json", body.bytes()), body.allowed(),
                        body.kind() + " " + target + " " + Answers.abbreviate(new String(body.bytes())), problems);
            } else if (pick < 8) {
                String target = BODY_TARGETS.get(random.nextInt(BODY_TARGETS.size()));
                String type = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
                // JSON is UTF-8 whatever charset a client names (RFC 8259), and a body without a type is read
                // as JSON (a browser cannot send one cross-origin with the X-API-Key header unasked): no 415
                Set<Integer> allowed = type.startsWith("application/json;") || type.isEmpty() ? Set.of() : Set.of(415);
                exchange(served.client(), post(served.client(), target, type, JsonFuzz.next(random, target).bytes()), allowed,
                        "content type '" + type + "' " + target, problems);
                other++;
            } else if (pick < 9) {
                String target = Targets.pick(random);
                exchange(served.client(), served.client().builder(target).GET(), Set.of(), "GET " + target, problems);
                other++;
            } else {
                ApiClient admin = served.app().adminClient();
                String task = "/tasks/" + TASKS.get(random.nextInt(TASKS.size())) + PARAMS.get(random.nextInt(PARAMS.size()));
                exchange(admin, post(admin, task, "application/json", JsonFuzz.next(random, "/v1/predict").bytes()),
                        Set.of(), "admin " + Answers.abbreviate(task), problems);
                other++;
            }
        }
        long heapAfter = heapAfterGc();
        System.out.printf("FUZZ %d inputs tried (%d bodies by kind %s, %d content types/paths/admin tasks), %d problems; "
                        + "heap after GC %d MB before, %d MB after%n", CASES, CASES - other, byKind, other, problems.size(),
                heapBefore >> 20, heapAfter >> 20);
        assertThat(problems).isEmpty();
        assertThat(heapAfter - heapBefore).as("heap growth after GC").isLessThan(HEAP_GROWTH_BOUND);
        assertThat(served.client().post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);
    }

    @Test
    void aKeyRepeatedInOneObjectIsRefusedNamingWhereWhateverItsValues() {
        Map<String, String> bodies = Map.of("{\"horizons\":[1],\"horizons\":[1]}", "the request body names 'horizons' more than once",
                "{\"horizons\":[1],\"nodes\":null,\"nodes\":[\"773869\"]}", "the request body names 'nodes' more than once");
        bodies.forEach((body, message) -> {
            Reply reply = served.client().post("/v1/predict", body);
            assertThat(reply.status()).as(body).isEqualTo(422);
            assertThat(reply.json().get("message").asText()).isEqualTo(message);
        });
        Reply speeds = served.client().post("/v1/observations", "{\"observations\":[{\"timestamp\":\"2012-03-06T14:25:00-08:00\","
                + "\"speeds\":{\"773869\":61.5,\"773869\":12.0}}]}");
        assertThat(speeds.status()).isEqualTo(422);
        assertThat(speeds.json().get("message").asText()).isEqualTo("observations[0].speeds names '773869' more than once");
    }

    @Test
    void tenMegabyteBodiesAre413WithOrWithoutALength() {
        byte[] big = ("{\"horizons\":[" + "1,".repeat(5 * 1024 * 1024) + "1]}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<String> problems = new ArrayList<>();
        for (String target : BODY_TARGETS) {
            exchange(served.client(), post(served.client(), target, "application/json", big), Set.of(413), "10 MB to " + target, problems);
            HttpRequest.Builder chunked = served.client().builder(target).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));
            exchange(served.client(), chunked, Set.of(413), "10 MB chunked to " + target, problems);
        }
        assertThat(problems).isEmpty();
        assertThat(served.client().post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);
    }

    private static HttpRequest.Builder post(ApiClient sender, String target, String contentType, byte[] body) {
        HttpRequest.Builder request = sender.builder(target).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType.isEmpty() ? request : request.header("Content-Type", contentType);
    }

    /**
     * Sends and checks the answer. A server refusing a request may close the connection while the client
     * is still sending (the client then loses the answer to the reset, more often on a loaded machine): the
     * same request on a fresh connection, up to three tries in all, must be answered properly.
     */
    private static void exchange(ApiClient sender, HttpRequest.Builder request, Set<Integer> allowed, String what,
            List<String> problems) {
        UncheckedIOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            ApiClient client = attempt == 0 ? sender : sender.withKey(sender == served.client() ? served.key() : null);
            try {
                Answers.problem(client.send(request), what, allowed).ifPresent(problems::add);
                return;
            } catch (UncheckedIOException closedEarly) {
                last = closedEarly;
            }
        }
        problems.add("no answer in three tries (" + last.getCause() + ") for " + what);
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
