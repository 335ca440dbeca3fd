package com.roadcast.webhook;

import com.roadcast.web.HmacSha256;
import java.nio.charset.StandardCharsets;

/** {@code Roadcast-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. */
final class Signature {
    static final String HEADER = "Roadcast-Signature";

    private Signature() {}

    static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + HmacSha256.hex(secret, (unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    }
}
