package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RequestSigner;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TestKeys;
import com.roadcast.testing.TwoInstances;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keys made with {@code --require-signature}, on two instances sharing one real Redis: the first serves
 * {@code POST /v1/predict} below Jersey (the default), the second only through Jersey. Signatures are made
 * by {@link RequestSigner}, from the documented algorithm. Each refusal is compared between the two
 * instances (status, error body) and found in the audit trail under its request id.
 */
@Timeout(240)
class SignedRequestsIT {
    private static final String[] COMMON = {"rateLimits.trustedProxies", "127.0.0.1", "rateLimits.failedAuthPerIp", "3",
        "auth.verdictCacheTtl", "1s"};
    @RegisterExtension
    static final TwoInstances both = new TwoInstances(COMMON,
            Stream.concat(Stream.of(COMMON), Stream.of("api.fastPredict", "false")).toArray(String[]::new));
    private static final String PREDICT = "{\"horizons\":[3],\"nodes\":[\"773869\"]}";
    /** Each refusal from an address of its own: every one is its address's first failure (audited in full), none locked out. */
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final AtomicInteger UNIQUE = new AtomicInteger();
    private static TestApp fast;
    private static TestApp jersey;
    private static String signed;
    private static String plain;

    @BeforeAll
    static void start() {
        fast = both.first();
        jersey = both.second();
        try (TestKeys.RedisStore operator = TestKeys.redis(both.redis().url())) {
            signed = operator.store().create("signer", "internal", Role.ADMIN, new KeyOptions(List.of(), true)).token();
            plain = operator.store().create("plain", "internal", Role.ADMIN).token();
        }
        assertThat(fast.client(plain).post("/v1/observations", LosLoop.batch(1500, 12)).status()).isEqualTo(202);
    }

    /** A request as sent: method, raw target, body (null: none) and the signature header (null: none). */
    private record Sent(String method, String target, @Nullable String body, @Nullable String signature) {
        Sent signedAs(String method, String target, String body, long t) {
            return new Sent(this.method, this.target, this.body, RequestSigner.header(signed, t, method, target, body));
        }

        static Sent of(String method, String target, @Nullable String body) {
            return new Sent(method, target, body, RequestSigner.now(signed, method, target, body == null ? "" : body));
        }
    }

    private static Reply send(TestApp app, String key, Sent sent, String address) {
        ApiClient client = app.client(key);
        HttpRequest.Builder request = client.builder(sent.target()).header("X-Forwarded-For", address);
        if (sent.body() != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(sent.method(), sent.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(sent.body()));
        if (sent.signature() != null) {
            request.header(RequestSigning.HEADER, sent.signature());
        }
        return client.send(request);
    }

    /** The same JSON in bytes of its own (trailing spaces), so its signature is new even within the same second. */
    private static String unique(String json) {
        return json + " ".repeat(UNIQUE.incrementAndGet());
    }

    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.18." + n / 250 + "." + (n % 250 + 1);
    }

    /**
     * Sends on {@code app}; on the first instance a predict goes right after a signed {@code GET /v1/model},
     * so the key is remembered and the forecast request is admitted below Jersey.
     */
    private static Reply sendFresh(TestApp app, String key, Sent sent, String address) {
        if (app == fast && sent.target().startsWith("/v1/predict")) {
            // each warm-up signed anew: two alike within one second would be one signature, sent twice
            Sent warmUp = Sent.of("GET", "/v1/model?warm-up=" + ADDRESSES.incrementAndGet(), null);
            assertThat(send(fast, key, warmUp, address).status()).isEqualTo(200);
        }
        return send(app, key, sent, address);
    }

    @Test
    void aGoodSignatureIsServedOnBothPathsOnceAndRefusedWhenSentAgainToEitherInstance() {
        for (TestApp app : List.of(fast, jersey)) {
            TestApp other = app == fast ? jersey : fast;
            // a request of its own on each instance: two alike within one second would carry one signature
            int own = app == fast ? 1 : 2;
            for (Sent sent : List.of(Sent.of("POST", "/v1/predict", "{\"horizons\":[" + own + "]}"),
                    Sent.of("GET", "/v1/nodes?limit=2&offset=%3" + own, null))) {
                Reply served = sendFresh(app, signed, sent, newAddress());
                assertThat(served.status()).as("%s %s: %s", sent.method(), sent.target(), served.json()).isEqualTo(200);
                List<Reply> replays = List.of(sendFresh(app, signed, sent, newAddress()), sendFresh(other, signed, sent, newAddress()));
                for (Reply replay : replays) {
                    assertRefused(replay, RequestSigning.Failure.REPLAYED);
                }
                assertThat(comparable(replays.get(0))).isEqualTo(comparable(replays.get(1)));
            }
        }
    }

    @Test
    void everyRefusalIsTheSameOnBothPathsAndAudited() {
        long now = System.currentTimeMillis() / 1000;
        Sent predict = new Sent("POST", "/v1/predict", PREDICT, null);
        Sent nodes = new Sent("GET", "/v1/nodes?limit=2", null, null);
        record Case(Sent sent, RequestSigning.Failure failure) {}
        List<Case> cases = List.of(
                new Case(predict, RequestSigning.Failure.MISSING),
                new Case(nodes, RequestSigning.Failure.MISSING),
                new Case(new Sent("POST", "/v1/predict", PREDICT, "v1=abc"), RequestSigning.Failure.MALFORMED),
                new Case(predict.signedAs("POST", "/v1/predict", PREDICT, now - 301), RequestSigning.Failure.STALE),
                new Case(nodes.signedAs("GET", "/v1/nodes?limit=2", "", now - 301), RequestSigning.Failure.STALE),
                new Case(predict.signedAs("POST", "/v1/predict", PREDICT, now + 90), RequestSigning.Failure.AHEAD),
                new Case(predict.signedAs("POST", "/v1/predict", "{\"horizons\":[6],\"nodes\":[\"773869\"]}", now),
                        RequestSigning.Failure.MISMATCH),
                new Case(predict.signedAs("GET", "/v1/predict", PREDICT, now), RequestSigning.Failure.MISMATCH),
                new Case(predict.signedAs("POST", "/v1/predict?x=1", PREDICT, now), RequestSigning.Failure.MISMATCH),
                new Case(nodes.signedAs("GET", "/v1/nodes?limit=3", "", now), RequestSigning.Failure.MISMATCH),
                new Case(new Sent("GET", "/v1/nodes?limit=2&offset=%31", null, null)
                        .signedAs("GET", "/v1/nodes?limit=2&offset=1", "", now), RequestSigning.Failure.MISMATCH),
                new Case(new Sent("POST", "/v1/predict", PREDICT,
                        RequestSigner.header(plain, now, "POST", "/v1/predict", PREDICT)), RequestSigning.Failure.MISMATCH));
        List<Reply> refusals = new ArrayList<>();
        for (Case c : cases) {
            Reply below = sendFresh(fast, signed, c.sent(), newAddress());
            Reply through = sendFresh(jersey, signed, c.sent(), newAddress());
            assertRefused(below, c.failure());
            assertRefused(through, c.failure());
            assertThat(comparable(below)).as("%s", c).isEqualTo(comparable(through));
            refusals.add(below);
            refusals.add(through);
        }
        String keyId = KeyTokens.idOf(signed).orElseThrow();
        Eventually.within(Duration.ofSeconds(5), () -> {
            List<JsonNode> audit = auditLines();
            for (Reply refusal : refusals) {
                assertThat(audit).as("audit line of %s", refusal.json()).anySatisfy(line -> {
                    assertThat(line.path("request_id").asText()).isEqualTo(refusal.header("X-Request-Id"));
                    assertThat(line.path("action").asText()).isEqualTo("auth");
                    assertThat(line.path("outcome").asText()).isEqualTo("failed");
                    assertThat(line.path("reason").asText()).isEqualTo(refusal.json().path("message").asText());
                    assertThat(line.path("key_id").asText()).isEqualTo(keyId);
                });
            }
        });
    }

    @Test
    void aSignedBodyThatIsNotAValidRequestIsAnsweredForWhatItIsNotAsAReplay() {
        for (TestApp app : List.of(fast, jersey)) {
            int horizon = app == fast ? 13 : 14;
            Reply invalid = sendFresh(app, signed, Sent.of("POST", "/v1/predict", "{\"horizons\":[" + horizon + "]}"), newAddress());
            assertThat(invalid.status()).as("%s", invalid.json()).isEqualTo(422);
            assertThat(invalid.json().path("message").asText()).contains("horizons[0] = " + horizon);
        }
    }

    @Test
    void refusedSignaturesSpendTheAddressFailureBudgetYetAGoodSignatureIsStillAdmitted() {
        for (TestApp app : List.of(fast, jersey)) {
            String address = newAddress();
            long stale = System.currentTimeMillis() / 1000 - 400;
            for (int i = 0; i < 3; i++) {
                Sent old = new Sent("POST", "/v1/predict", PREDICT, null).signedAs("POST", "/v1/predict", PREDICT, stale - i);
                assertRefused(sendFresh(app, signed, old, address), RequestSigning.Failure.STALE);
            }
            Reply locked = send(app, signed, new Sent("POST", "/v1/predict", PREDICT, "t=1,v1=00"), address);
            assertThat(locked.status()).isEqualTo(429);
            assertThat(locked.header("Retry-After")).isNotNull();
            assertThat(locked.json().path("message").asText()).startsWith("too many failed authentications from your address");
            assertThat(send(app, signed, Sent.of("POST", "/v1/predict", unique(PREDICT)), address).status()).isEqualTo(200);
        }
    }

    @Test
    void aKeyWithoutTheFlagNeedsNoSignatureAndOneSentIsIgnored() {
        for (TestApp app : List.of(fast, jersey)) {
            Sent unsigned = new Sent("POST", "/v1/predict", PREDICT, null);
            Sent garbage = new Sent("POST", "/v1/predict", PREDICT, "not a signature");
            Sent wellSigned = new Sent("POST", "/v1/predict", PREDICT,
                    RequestSigner.now(plain, "POST", "/v1/predict", PREDICT));
            for (Sent sent : List.of(unsigned, garbage, wellSigned, wellSigned)) {
                assertThat(sendFresh(app, plain, sent, newAddress()).status()).as("%s", sent.signature()).isEqualTo(200);
            }
            assertThat(send(app, plain, new Sent("GET", "/v1/nodes?limit=1", null, "t=1,v1=00"), newAddress()).status())
                    .isEqualTo(200);
        }
    }

    private static void assertRefused(Reply reply, RequestSigning.Failure failure) {
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(401);
        assertThat(reply.json().path("code").asInt()).isEqualTo(401);
        assertThat(reply.json().path("message").asText()).isEqualTo(failure.message());
        assertThat(reply.json().path("request_id").asText()).isEqualTo(reply.header("X-Request-Id"));
    }

    private static JsonNode comparable(Reply reply) {
        ObjectNode json = reply.json().deepCopy();
        json.remove("request_id");
        return json;
    }

    /** The audit lines of both instances: in one JVM they share the audit logger, whose file is the last started's. */
    private static List<JsonNode> auditLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (Path file : List.of(fast.auditLog(), jersey.auditLog())) {
            try {
                if (Files.exists(file)) {
                    for (String line : Files.readAllLines(file)) {
                        lines.add(Jackson.newObjectMapper().readTree(line));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }
}
