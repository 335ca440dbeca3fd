package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CR, LF, folding and NUL in request headers (X-Request-Id, X-API-Key) sent over a raw socket: nothing
 * is echoed raw, no header is injected into the answer, the request id echoed is always a safe one, and
 * refusals come in the error shape. (A CRLF or a bare LF ends a header line in HTTP/1.1: what follows is
 * another request header, which must never reach the answer.)
 */
@Timeout(120)
class HeaderInjectionIT {
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final List<String> HOSTILE_HEADERS = List.of(
            "X-Request-Id: abc\r\nX-Injected: 1",
            "X-Request-Id: abc\r\n X-Injected: 1",
            "X-Request-Id: abc\rX-Injected: 1",
            "X-Request-Id: abc\nX-Injected: 1",
            "X-Request-Id: abc%0d%0aX-Injected:%201",
            "X-Request-Id: abc\u0000X-Injected: 1",
            "X-Request-Id: <script>alert(1)</script>",
            "X-Request-Id: " + "a".repeat(65),
            "X-Request-Id: \u00e9\u00e8",
            "X-API-Key: rc_aaaaaaaaaa_\r\nX-Injected: 1",
            "X-API-Key: x\r\n\r\nGET /v1/model HTTP/1.1\r\nHost: x",
            "X-Forwarded-For: 1.2.3.4\r\nX-Injected: 1");
    @RegisterExtension
    static final Served served = new Served();

    @Test
    void hostileHeadersAreNeverEchoedRaw() throws Exception {
        List<String> problems = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        int tried = 0;
        int closed = 0;
        for (String path : List.of("/v1/model", "/health/ready", "/v1/nodes/773869", "/nowhere")) {
            for (String header : HOSTILE_HEADERS) {
                tried++;
                String what = path + " with " + header.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
                RawHttp.Answer answer;
                try (RawHttp http = new RawHttp(served.app().base(), 10_000)) {
                    http.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + served.key() + "\r\n"
                            + header + "\r\nConnection: close\r\n\r\n");
                    answer = http.read();
                }
                if (answer.status() == 0) {
                    closed++; // closed without an answer: nothing echoed
                    continue;
                }
                String id = answer.headers().get("x-request-id");
                if (answer.status() >= 500) {
                    problems.add(answer.status() + " for " + what);
                }
                if (answer.headers().containsKey("x-injected") || answer.body().contains("X-Injected")) {
                    problems.add("injected header echoed for " + what);
                }
                if (id == null || !SAFE_ID.matcher(id).matches()) {
                    problems.add("unsafe request id '" + id + "' echoed for " + what);
                }
                if (answer.status() >= 400) {
                    JsonNode json = answer.body().isBlank() ? null : mapper.readTree(answer.body());
                    if (json == null || json.get("code") == null || json.get("code").asInt() != answer.status()) {
                        problems.add("not the error shape for " + what + ": " + answer.body());
                    }
                }
            }
        }
        System.out.printf("HEADERS %d hostile header requests (%d closed unanswered), %d problems%n", tried, closed,
                problems.size());
        assertThat(problems).isEmpty();
    }

    @Test
    void brokenChunkedBodiesAreRefusedInTheErrorShape() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String chunks : List.of("5\r\n{\"hor\r\nzz\r\n", "ffffffffffffffffff\r\nx\r\n", "3\r\n{}}\r\n0\r\n\r\n",
                "2;ext=\u0000\r\n{}\r\n0\r\n\r\n")) {
            RawHttp.Answer answer;
            try (RawHttp http = new RawHttp(served.app().base(), 10_000)) {
                http.send("POST /v1/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: " + served.key()
                        + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks);
                answer = http.read();
            }
            assertThat(answer.status()).as(chunks).isBetween(400, 499);
            assertThat(mapper.readTree(answer.body()).get("code").asInt()).as(answer.body()).isEqualTo(answer.status());
        }
    }
}
