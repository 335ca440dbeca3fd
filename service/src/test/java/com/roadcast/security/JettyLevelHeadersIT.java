package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.TestApp;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The security headers on answers Jersey never sees: Jetty's own errors (a bad request line, on either
 * port), the OpenAPI document, the Swagger UI page and every admin-port answer.
 */
@Timeout(120)
class JettyLevelHeadersIT {
    private static final List<String> HEADERS = List.of("x-content-type-options", "x-frame-options", "referrer-policy",
            "content-security-policy");
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.start("api.publicDocs", "true");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void everyAnswerBelowJerseyCarriesTheSecurityHeaders() throws Exception {
        check(app.base(), "GARBAGE\r\n\r\n", 400);
        check(app.admin(), "GARBAGE\r\n\r\n", 400);
        check(app.base(), get("/openapi.json"), 200);
        check(app.base(), get("/docs/"), 200);
        check(app.base(), get("/no-such-servlet/x%"), 400);
        check(app.admin(), get("/healthcheck"), 0);
        check(app.admin(), get("/metrics"), 200);
        check(app.admin(), get("/openapi.json"), 200);
        check(app.admin(), get("/nothing-here"), 404);
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static void check(URI base, String request, int status) throws Exception {
        try (RawHttp http = new RawHttp(base, 10_000)) {
            http.send(request);
            RawHttp.Answer answer = http.read();
            String what = base.getPort() + " " + request.lines().findFirst().orElse("");
            if (status > 0) {
                assertThat(answer.status()).as(what).isEqualTo(status);
            } else {
                assertThat(answer.status()).as(what + " (healthy or not)").isIn(200, 500);
            }
            for (String header : HEADERS) {
                assertThat(answer.headers()).as(what + ": " + answer.headers()).containsKey(header);
            }
            assertThat(answer.headers().get("x-content-type-options")).isEqualTo("nosniff");
        }
    }
}
