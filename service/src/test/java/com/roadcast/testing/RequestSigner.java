package com.roadcast.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs a request as a client would, from the documented algorithm alone (no production class):
 * {@code t=<t>,v1=<hex HMAC-SHA256(api key, "<t>.<METHOD>.<path?query>.<body>")>}.
 */
public final class RequestSigner {
    private RequestSigner() {}

    public static String header(String apiKey, long unixSeconds, String method, String pathAndQuery, byte[] body) {
        return "t=" + unixSeconds + ",v1=" + hmac(apiKey, unixSeconds, method, pathAndQuery, body);
    }

    public static String header(String apiKey, long unixSeconds, String method, String pathAndQuery, String body) {
        return header(apiKey, unixSeconds, method, pathAndQuery, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The current time's header. */
    public static String now(String apiKey, String method, String pathAndQuery, String body) {
        return header(apiKey, System.currentTimeMillis() / 1000, method, pathAndQuery, body);
    }

    static String hmac(String apiKey, long unixSeconds, String method, String pathAndQuery, byte[] body) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes((unixSeconds + "." + method + "." + pathAndQuery + ".").getBytes(StandardCharsets.UTF_8));
        message.writeBytes(body);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.toByteArray()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
