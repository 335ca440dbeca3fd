package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a browser does for a page of another origin: a preflight (no key), then the request itself, for a
 * forecast (on both request paths), the node list and an error. An allowed origin's preflight is granted
 * without a key or a permit and its answers say which headers the page may read; any other origin, and
 * every origin with CORS off, gets no CORS header at all.
 */
@Timeout(120)
class CorsIT {
    private static final String ALLOWED = "https://app.example.com";
    private static final List<String> NOT_ALLOWED = List.of("https://evil.example.com", "https://APP.example.com",
            "http://app.example.com", "https://app.example.com:8443", "null");
    private static final String PREDICT = "{\"horizons\": [3]}";
    private static TestApp app;
    private static String key;

    @BeforeAll
    static void start() {
        app = TestApp.start("api.cors.allowedOrigins", ALLOWED + ",http://localhost:3000",
                "rateLimits.tiers.test.predict", "1000", "rateLimits.tiers.test.nodes", "1000",
                "rateLimits.tiers.test.ingest", "1000", "rateLimits.failedAuthPerIp", "1000");
        key = app.createKey("read", "test");
        fill(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void anAllowedOriginsPreflightIsGrantedWithoutAKeyOrAPermitThenItsForecastsCarryCors() {
        int before = remaining(predict(app, ALLOWED, key));
        for (int i = 0; i < 3; i++) {
            assertGranted(preflight(app, "/v1/predict", ALLOWED, "POST"), ALLOWED);
            ApiClient.Reply forecast = predict(app, ALLOWED, key); // the first through Jersey, then below it
            assertThat(forecast.status()).isEqualTo(200);
            assertCors(forecast, ALLOWED);
            assertThat(forecast.raw().headers().allValues("Vary")).containsExactly("Origin, Accept, Accept-Encoding");
            assertThat(remaining(forecast)).isEqualTo(before - 1 - i);
        }
        assertGranted(preflight(app, "/v1/predict", "http://localhost:3000", "POST"), "http://localhost:3000");
    }

    @Test
    void anAllowedOriginReadsTheNodeListAndAnErrorAcrossOrigins() {
        assertGranted(preflight(app, "/v1/nodes", ALLOWED, "GET"), ALLOWED);
        ApiClient.Reply nodes = get(app, "/v1/nodes", ALLOWED, key);
        assertThat(nodes.status()).isEqualTo(200);
        assertCors(nodes, ALLOWED);
        assertThat(nodes.header("X-RateLimit-Remaining")).isNotNull();

        ApiClient.Reply unauthorized = get(app, "/v1/nodes", ALLOWED, null);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertCors(unauthorized, ALLOWED);
        assertThat(unauthorized.json().path("request_id").asText()).isEqualTo(unauthorized.header("X-Request-Id"));
    }

    @Test
    void anyOtherOriginGetsNoGrantAndNoCorsHeaders() {
        for (String origin : NOT_ALLOWED) {
            ApiClient.Reply refused = preflight(app, "/v1/predict", origin, "POST");
            assertThat(refused.status()).as(origin).isEqualTo(401);
            assertNoCors(refused);
            assertNoCors(preflight(app, "/v1/nodes", origin, "GET"));
            assertNoCorsOnAnswers(app, origin, key);
        }
    }

    @Test
    void withCorsOffNothingChanges() {
        try (TestApp off = TestApp.start("rateLimits.failedAuthPerIp", "1000")) {
            String offKey = off.createKey("read", "internal");
            fill(off);
            ApiClient.Reply refused = preflight(off, "/v1/predict", ALLOWED, "POST");
            assertThat(refused.status()).isEqualTo(401);
            assertNoCors(refused);
            for (int i = 0; i < 3; i++) { // the first through Jersey, then below it
                assertNoCorsOnAnswers(off, ALLOWED, offKey);
            }
        }
    }

    /** A forecast, the node list and a 401 for {@code origin}: served as ever, without a CORS header. */
    private static void assertNoCorsOnAnswers(TestApp on, String origin, String withKey) {
        ApiClient.Reply forecast = predict(on, origin, withKey);
        assertThat(forecast.status()).isEqualTo(200);
        assertNoCors(forecast);
        assertThat(forecast.raw().headers().allValues("Vary")).containsExactly("Accept, Accept-Encoding");
        assertNoCors(get(on, "/v1/nodes", origin, withKey));
        ApiClient.Reply unauthorized = get(on, "/v1/nodes", origin, null);
        assertThat(unauthorized.status()).isEqualTo(401);
        assertNoCors(unauthorized);
    }

    private static void assertGranted(ApiClient.Reply preflight, String origin) {
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(origin);
        assertThat(preflight.header("Access-Control-Allow-Methods")).isEqualTo("GET, POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("X-API-Key, Content-Type, Accept, Accept-Encoding");
        assertThat(preflight.header("Access-Control-Max-Age")).isEqualTo("600");
        assertThat(preflight.raw().headers().allValues("Vary")).containsExactly("Origin");
        assertThat(preflight.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(preflight.header("X-Request-Id")).isNotNull();
        assertThat(preflight.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(preflight.header("X-RateLimit-Remaining")).isNull();
        assertThat(preflight.raw().body()).isEmpty();
    }

    private static void assertCors(ApiClient.Reply reply, String origin) {
        assertThat(reply.raw().headers().allValues("Access-Control-Allow-Origin")).containsExactly(origin);
        assertThat(reply.header("Vary")).contains("Origin");
        assertThat(reply.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(List.of(reply.header("Access-Control-Expose-Headers").split(", "))).contains("X-RateLimit-Limit",
                "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit", "RateLimit-Policy", "Retry-After", "X-Cache",
                "X-Cache-Level", "X-Request-Id");
    }

    private static void assertNoCors(ApiClient.Reply reply) {
        assertThat(reply.raw().headers().map().keySet())
                .noneMatch(name -> name.toLowerCase(Locale.ROOT).startsWith("access-control-"));
        assertThat(reply.raw().headers().allValues("Vary")).noneMatch(vary -> vary.contains("Origin"));
    }

    private static ApiClient.Reply preflight(TestApp on, String path, String origin, String method) {
        return on.client(null).send(on.client(null).builder(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", "content-type,x-api-key"));
    }

    private static ApiClient.Reply predict(TestApp on, String origin, String withKey) {
        ApiClient client = on.client(withKey);
        return client.send(client.builder("/v1/predict").header("Origin", origin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PREDICT)));
    }

    private static ApiClient.Reply get(TestApp on, String path, String origin, String withKey) {
        ApiClient client = on.client(withKey);
        return client.send(client.builder(path).header("Origin", origin).GET());
    }

    private static int remaining(ApiClient.Reply reply) {
        return Integer.parseInt(reply.header("X-RateLimit-Remaining"));
    }

    private static void fill(TestApp on) {
        ApiClient ingester = on.client(on.createKey("ingest", "internal"));
        assertThat(ingester.post("/v1/observations", LosLoop.batch(1500, 12)).status()).isEqualTo(202);
    }
}
