package com.roadcast.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Limits as clients meet them: headers, exact counts under concurrency on one and two instances, failed-auth budgets, audit. */
@Timeout(180)
class RateLimitIT {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    /** A one-hour window, so no test straddles a window boundary; a small "test" tier. */
    private static final String[] LIMITS = {"rateLimits.window", "1h", "rateLimits.tiers.test.predict", "25",
        "rateLimits.tiers.test.nodes", "1000", "rateLimits.tiers.test.ingest", "1000", "rateLimits.failedAuthPerIp", "5"};

    @TempDir
    Path temp;

    private static String[] with(String... more) {
        List<String> all = new ArrayList<>(List.of(LIMITS));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void everyLimitedResponseSaysWhereTheCallerStandsAndUnlimitedTiersAreNotLimited() {
        try (TestApp app = TestApp.start(with())) {
            Reply limited = app.client(app.createKey("read", "test")).get("/v1/nodes?limit=1");
            assertThat(limited.status()).isEqualTo(200);
            assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("1000");
            assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("999");
            assertThat(Long.parseLong(limited.header("X-RateLimit-Reset"))).isBetween(1L, 3600L);
            assertThat(limited.header("RateLimit-Policy")).isEqualTo("1000;w=3600");
            assertThat(limited.header("RateLimit")).startsWith("limit=1000, remaining=999, reset=");
            Reply internal = app.client(app.createKey("read", "internal")).get("/v1/nodes?limit=1");
            assertThat(internal.status()).isEqualTo(200);
            assertThat(internal.header("X-RateLimit-Limit")).isNull();
        }
    }

    /** Sliding: one budget on two instances; a refusal's Retry-After is when the first permit frees up, an hour on. */
    @Test
    void underSlidingLimitsTwoInstancesShareOneBudgetAndRetryAfterIsWhenAPermitFreesUp() throws Exception {
        String[] sliding = with("rateLimits.algorithm", "sliding", "rateLimits.tiers.test.nodes", "6");
        try (RedisServer redis = RedisServer.start()) {
            Path keys = temp.resolve("keys.json");
            try (TestApp a = TestApp.withRedis(redis, keys, sliding); TestApp b = TestApp.withRedis(redis, keys, sliding)) {
                String key = a.createKey("read", "test");
                List<Reply> replies = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    replies.add((i % 2 == 0 ? a : b).client(key).get("/v1/nodes?limit=1"));
                }
                assertThat(replies.stream().map(Reply::status).toList()).containsExactly(200, 200, 200, 200, 200, 200, 429, 429);
                assertThat(Long.parseLong(replies.get(0).header("X-RateLimit-Reset"))).as("the permit just spent frees in 1 h")
                        .isBetween(3590L, 3600L);
                Reply refused = replies.get(6);
                long retryAfter = Long.parseLong(refused.header("Retry-After"));
                assertThat(retryAfter).as("the first permit frees an hour after it was spent").isBetween(3590L, 3600L);
                assertThat(refused.header("X-RateLimit-Reset")).isEqualTo(refused.header("Retry-After"));
                assertThat(refused.header("RateLimit")).isEqualTo("limit=6, remaining=0, reset=" + retryAfter);
                assertThat(refused.json().get("message").asText()).contains("retry in " + retryAfter + " s");
            }
        }
    }

    @Test
    void concurrentRequestsAgainstALimitAdmitExactlyTheLimitAndSpendOnlyTheirClass() throws Exception {
        try (TestApp app = TestApp.start(with())) {
            ApiClient client = app.client(app.createKey("ingest", "test"));
            assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
            List<Reply> replies = concurrently(40, i -> client);
            assertThat(statuses(replies)).isEqualTo(Map.of(200, 25L, 429, 15L));
            List<Reply> refused = replies.stream().filter(r -> r.status() == 429).toList();
            assertThat(refused).hasSize(15);
            Reply one = refused.get(0);
            assertThat(one.json().get("code").asInt()).isEqualTo(429);
            assertThat(one.json().get("message").asText()).contains("rate limit of 25 predict requests");
            assertThat(one.header("Retry-After")).isNotNull();
            assertThat(one.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(client.get("/v1/nodes?limit=1").status()).as("the nodes budget is untouched").isEqualTo(200);
        }
    }

    @Test
    void twoInstancesOnOneRedisShareOneExactBudget() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Path keys = temp.resolve("keys.json");
            try (TestApp a = TestApp.withRedis(redis, keys, with()); TestApp b = TestApp.withRedis(redis, keys, with())) {
                String key = a.createKey("ingest", "test");
                ApiClient onA = a.client(key);
                ApiClient onB = b.client(key);
                assertThat(onA.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);
                List<Reply> replies = concurrently(60, i -> i % 2 == 0 ? onA : onB);
                assertThat(statuses(replies)).as(replies.stream().filter(r -> r.status() == 503).map(r -> r.raw().body())
                        .findFirst().orElse("")).isEqualTo(Map.of(200, 25L, 429, 35L));
            }
        }
    }

    @Test
    void anAddressOverItsFailureBudgetIsRefusedUncheckedKeysButAValidKeyIsAlwaysAdmitted() throws Exception {
        try (TestApp app = TestApp.start(with())) {
            String valid = app.createKey("read", "test");
            ApiClient guesser = app.client("rc_aaaaaaaaaa_" + "A".repeat(43));
            for (int i = 0; i < 5; i++) {
                assertThat(guesser.get("/v1/model").status()).isEqualTo(401);
            }
            Reply wrong = guesser.get("/v1/model");
            assertThat(wrong.status()).as("a wrong key from an exhausted address").isEqualTo(429);
            assertThat(wrong.header("Retry-After")).isNotNull();
            assertThat(wrong.json().get("message").asText()).contains("failed authentications");
            Reply missing = app.client(null).get("/v1/model");
            assertThat(missing.status()).as("no key from an exhausted address").isEqualTo(429);
            assertThat(missing.header("Retry-After")).isNotNull();
            assertThat(app.client(valid).get("/v1/model").status())
                    .as("a valid key is never refused for others' failures (a NAT neighbour)").isEqualTo(200);
            Reply spoofed = guesser.send(guesser.builder("/v1/model").header("X-Forwarded-For", "203.0.113.7").GET());
            assertThat(spoofed.status()).as("X-Forwarded-For from an untrusted peer is ignored").isEqualTo(429);
            assertThat(app.client(null).get("/health/ready").status()).as("public probes stay open").isEqualTo(200);

            String audit = Files.readString(app.auditLog());
            List<JsonNode> lines = audit.lines().map(RateLimitIT::json).toList();
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.get("action").asText()).isEqualTo("auth");
                assertThat(l.get("outcome").asText()).isEqualTo("failed");
                assertThat(l.get("key_id").asText()).isEqualTo("aaaaaaaaaa");
                assertThat(l.get("ip").asText()).isEqualTo("127.0.0.1");
            });
            assertThat(audit).doesNotContain("A".repeat(43)).doesNotContain(valid);
        }
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBudgetAndAnIpv6Slash64SharesOne() {
        try (TestApp app = TestApp.start(with("rateLimits.trustedProxies", "127.0.0.1"))) {
            ApiClient guesser = app.client("rc_aaaaaaaaaa_" + "A".repeat(43));
            for (int i = 0; i < 5; i++) {
                assertThat(from(guesser, "203.0.113.7").status()).isEqualTo(401);
            }
            assertThat(from(guesser, "203.0.113.7").status()).isEqualTo(429);
            assertThat(from(guesser, "198.51.100.2").status()).as("another address has its own budget").isEqualTo(401);
            ApiClient valid = app.client(app.createKey("read", "test"));
            assertThat(from(valid, "203.0.113.7").status()).isEqualTo(200);

            for (String address : List.of("2001:db8:1:2::a", "2001:db8:1:2::b", "2001:db8:1:2:1::1", "2001:db8:1:2:ab:cd:ef:1",
                    "2001:0db8:0001:0002:0000:0000:0000:000c")) {
                assertThat(from(guesser, address).status()).isEqualTo(401);
            }
            Reply neighbour = from(guesser, "2001:db8:1:2:ffff:ffff:ffff:ffff");
            assertThat(neighbour.status()).as("an address in the same /64 shares its budget").isEqualTo(429);
            assertThat(neighbour.header("Retry-After")).isNotNull();
            assertThat(from(guesser, "2001:db8:1:3::a").status()).as("the next /64 has its own budget").isEqualTo(401);
            assertThat(from(valid, "2001:db8:1:2::a").status()).isEqualTo(200);
        }
    }

    private static Reply from(ApiClient client, String forwardedFor) {
        return client.send(client.builder("/v1/model").header("X-Forwarded-For", forwardedFor).GET());
    }

    @Test
    void adminActionsAreAudited() throws Exception {
        try (TestApp app = TestApp.start(with())) {
            ApiClient admin = app.adminClient();
            assertThat(admin.send(admin.builder("/tasks/cache-clear").POST(HttpRequest.BodyPublishers.noBody())).status())
                    .isEqualTo(200);
            assertThat(admin.send(admin.builder("/tasks/model-rollback").POST(HttpRequest.BodyPublishers.noBody())).status())
                    .isGreaterThanOrEqualTo(400);
            List<JsonNode> lines = Files.readString(app.auditLog()).lines().map(RateLimitIT::json).toList();
            assertThat(lines).extracting(l -> l.get("action").asText() + "/" + l.get("outcome").asText())
                    .contains("cache-clear/ok", "model-rollback/no-previous-model");
            assertThat(lines).allSatisfy(l -> assertThat(l.get("time").asText()).isNotBlank());
        }
    }

    private static Map<Integer, Long> statuses(List<Reply> replies) {
        return replies.stream().collect(java.util.stream.Collectors.groupingBy(Reply::status, java.util.stream.Collectors.counting()));
    }

    private static JsonNode json(String line) {
        try {
            return MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("audit line is not JSON: " + line, e);
        }
    }

    /** Sends {@code n} identical predictions at once; returns every reply. */
    private static List<Reply> concurrently(int n, java.util.function.IntFunction<ApiClient> clients) throws Exception {
        List<java.util.concurrent.Callable<Reply>> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ApiClient client = clients.apply(i);
            sends.add(() -> client.post("/v1/predict", Map.of("horizons", List.of(1))));
        }
        return Concurrently.run(sends);
    }
}
