package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.PerClass;
import io.dropwizard.jackson.Jackson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client sees of the shipped nginx/roadcast.conf, unchanged but for ports and paths, in front of
 * two real instances: TLS versions and suites, security headers, request ids, gzip, the HTTP redirect,
 * the edge limits, the JSON error shape of Nginx's own errors, the JSON access log, and the admin
 * surface out of reach.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NginxEdgeIT {
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "strict-transport-security", "max-age=63072000; includeSubDomains",
            "content-security-policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
            "x-content-type-options", "nosniff",
            "x-frame-options", "DENY",
            "referrer-policy", "no-referrer",
            "cross-origin-resource-policy", "same-origin");
    @RegisterExtension
    static final PerClass<Stack> STACK = Stack.perClass(true);

    private static Stack stack() {
        return STACK.get();
    }

    /** A second Nginx on the same instances with the shipped edge rates untouched, for the limit tests alone. */
    private static Nginx strict;

    @BeforeAll
    static void start() throws Exception {
        strict = Nginx.configure(stack().dir.resolve("nginx-strict"), stack().tls,
                List.of(stack().first.port(), stack().second.port()), false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (strict != null) {
            strict.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return stack().http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder keyed(String path) {
        return HttpRequest.newBuilder(stack().https(path)).header("X-API-Key", stack().key);
    }

    @Test
    void theShippedConfigurationPassesNginxTestWithoutAWarning() throws Exception {
        Commands.Outcome outcome = strict.test();
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        assertThat(outcome.output()).contains("syntax is ok", "test is successful").doesNotContain("[warn]", "[emerg]");
    }

    @Test
    void answersOverTlsCarryEverySecurityHeaderAndARequestId() throws Exception {
        for (String path : List.of("/v1/model", "/health/ready", "/metrics")) {
            HttpResponse<String> reply = send(keyed(path).GET());
            SECURITY_HEADERS.forEach((name, value) ->
                    assertThat(reply.headers().firstValue(name)).as(path + " " + name).hasValue(value));
            assertThat(reply.headers().firstValue("permissions-policy")).as(path).isPresent();
            assertThat(reply.headers().firstValue("server")).as("no version disclosed").hasValue("nginx");
            assertThat(reply.headers().allValues("x-request-id")).as(path).hasSize(1).allMatch(id -> id.matches("[0-9a-f]{32}"));
        }
        HttpResponse<String> model = send(keyed("/v1/model").GET());
        assertThat(model.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(model.body()).get("name").asText()).isNotBlank();
    }

    @Test
    void aCallersWellFormedRequestIdIsKeptAndAMalformedOneReplaced() throws Exception {
        HttpResponse<String> kept = send(keyed("/v1/nodes/nope").header("X-Request-Id", "trace-42.abc").GET());
        assertThat(kept.headers().allValues("x-request-id")).containsExactly("trace-42.abc");
        assertThat(JSON.readTree(kept.body()).get("request_id").asText()).as("the service saw the same id").isEqualTo("trace-42.abc");
        HttpResponse<String> replaced = send(keyed("/v1/model").header("X-Request-Id", "bad id\"{}").GET());
        assertThat(replaced.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
    }

    @Test
    void largeJsonIsGzipped() throws Exception {
        HttpResponse<byte[]> reply = stack().http.send(keyed("/v1/predict").header("Accept-Encoding", "gzip")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"horizons\":[1,2,3,4,5,6,7,8,9,10,11,12]}")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().firstValue("content-encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(reply.body())).readAllBytes();
        assertThat(reply.body().length).as("compressed size").isLessThan(plain.length / 3);
        JsonNode forecast = JSON.readTree(new String(plain, StandardCharsets.UTF_8));
        assertThat(forecast.get("predictions")).hasSize(207);
    }

    @Test
    void plainHttpOnlyRedirectsToHttps() throws Exception {
        HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> reply = plain.send(HttpRequest.newBuilder(stack().http("/v1/model?x=1"))
                .header("X-API-Key", stack().key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).isEqualTo(301);
        assertThat(reply.headers().firstValue("location")).hasValue("https://127.0.0.1/v1/model?x=1");
        assertThat(reply.body()).doesNotContain("roadcast");
    }

    @Test
    void tls12And13AreAcceptedOlderVersionsAndWeakSuitesRefused() throws Exception {
        assertThat(handshake("-tls1_3").output()).contains("Protocol version: TLSv1.3", "Verification: OK");
        assertThat(handshake("-tls1_2").output()).contains("Protocol version: TLSv1.2", "Ciphersuite: ECDHE-", "Verification: OK");
        for (List<String> refused : List.of(List.of("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"),
                List.of("-tls1", "-cipher", "DEFAULT@SECLEVEL=0"),
                List.of("-tls1_2", "-cipher", "AES128-SHA"),
                List.of("-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA"))) {
            Commands.Outcome outcome = handshake(refused.toArray(String[]::new));
            assertThat(outcome.exitCode()).as(refused + ": " + outcome.output()).isNotZero();
            assertThat(outcome.output()).as(refused.toString()).doesNotContain("CONNECTION ESTABLISHED");
        }
    }

    private static Commands.Outcome handshake(String... options) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client", "-brief", "-connect",
                "127.0.0.1:" + stack().nginx.httpsPort(), "-CAfile", stack().tls.caCertificate().toString(), "-verify_return_error"));
        command.addAll(List.of(options));
        return Commands.outcome(Path.of("."), command, "Q\n");
    }

    @Test
    void theAdminSurfaceIsOutOfReach() throws Exception {
        for (String path : List.of("/metrics", "/healthcheck", "/tasks/cache-clear", "/tasks/model-reload", "/admin",
                "/ping", "/threads", "/v1/../metrics", "/health/../metrics", "/%2e%2e/metrics")) {
            for (String method : List.of("GET", "POST")) {
                HttpResponse<String> reply = send(keyed(path).method(method, HttpRequest.BodyPublishers.noBody()));
                assertThat(reply.statusCode()).as(method + " " + path).isIn(400, 404);
                assertThat(reply.body()).as(method + " " + path).doesNotContain("jvm_", "# TYPE", "healthy", "cache");
                JsonNode error = JSON.readTree(reply.body());
                assertThat(error.get("code").asInt()).isEqualTo(reply.statusCode());
                assertThat(error.get("request_id").asText()).isNotBlank();
            }
        }
        HttpResponse<String> direct = stack().http.send(HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + stack().first.adminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(direct.body()).as("the admin port itself works, on loopback only").contains("# TYPE");
    }

    @Test
    void nginxsOwnErrorsHaveTheServiceErrorShape() throws Exception {
        HttpResponse<String> tooLarge = send(keyed("/v1/predict").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"horizons\":[1],\"pad\":\"" + "x".repeat(70_000) + "\"}")));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(JSON.readTree(tooLarge.body()).get("code").asInt()).isEqualTo(413);
        assertThat(tooLarge.headers().firstValue("strict-transport-security")).isPresent();
    }

    private static HttpRequest.Builder strict(String path, String key) {
        return HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + strict.httpsPort() + path))
                .header("X-API-Key", key);
    }

    @Test
    void theEdgeLimitsAnswer429InTheErrorShape() throws Exception {
        int limited = 0;
        int served = 0;
        for (int i = 0; i < 40; i++) {
            int status = send(strict("/v1/model", "guess-" + i).GET()).statusCode();
            if (status == 429) {
                limited++;
            } else {
                assertThat(status).isEqualTo(401);
                served++;
            }
        }
        assertThat(served).as("requests without a well-formed key reaching the service: burst 3 + 1").isBetween(4, 5);
        assertThat(limited).isGreaterThanOrEqualTo(35);
        Load.sleep(2_100); // kept: Nginx's limiter refills its burst of 20 at 10 r/s; the refill is what is measured
        List<HttpResponse<String>> replies = new java.util.ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            replies.add(send(strict("/health/live", stack().key).GET()));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        List<Integer> statuses = replies.stream().map(HttpResponse::statusCode).toList();
        long ok = statuses.stream().filter(s -> s == 200).count();
        long refilled = (long) Math.ceil(10 * seconds);
        assertThat(ok).as("10 r/s with a burst of 20, 40 sent in %.2f s: %s", seconds, statuses)
                .isBetween(20L, 21L + refilled);
        HttpResponse<String> limitedReply = replies.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        JsonNode error = JSON.readTree(limitedReply.body());
        assertThat(error.get("code").asInt()).isEqualTo(429);
        assertThat(error.get("request_id").asText()).isEqualTo(limitedReply.headers().firstValue("x-request-id").orElseThrow());
        assertThat(limitedReply.headers().firstValue("strict-transport-security")).isPresent();
    }

    @Test
    void theAccessLogIsJsonWithUpstreamTimingAndNoKey() throws Exception {
        HttpResponse<String> reply = send(keyed("/v1/nodes/773869").header("X-Request-Id", "log-check-1").GET());
        assertThat(reply.statusCode()).isEqualTo(200);
        Eventually.within(Duration.ofSeconds(5), () -> {
            try {
                assertThat(stack().nginx.accessLog()).as("the request's line is written")
                        .anyMatch(raw -> raw.contains("log-check-1"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> lines = stack().nginx.accessLog();
        JsonNode line = null;
        for (String raw : lines) {
            assertThat(raw).doesNotContain(stack().key);
            JsonNode parsed = JSON.readTree(raw);
            if ("log-check-1".equals(parsed.get("request_id").asText())) {
                line = parsed;
            }
        }
        assertThat(line).as("the request's log line").isNotNull();
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("uri").asText()).isEqualTo("/v1/nodes/773869");
        assertThat(line.get("upstream_addr").asText()).matches("127\\.0\\.0\\.1:(" + stack().first.port() + "|" + stack().second.port() + ")");
        assertThat(Double.parseDouble(line.get("upstream_response_time").asText())).isGreaterThanOrEqualTo(0.0);
        assertThat(line.get("request_time").asDouble()).isGreaterThanOrEqualTo(0.0);
        assertThat(line.get("ssl_protocol").asText()).startsWith("TLSv1.");
    }
}
