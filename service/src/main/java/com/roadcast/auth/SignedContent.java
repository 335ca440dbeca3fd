package com.roadcast.auth;

import com.roadcast.web.HmacSha256;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What a request signature covers besides its time: the method, the target (the raw path, plus {@code ?}
 * and the raw query when the request has one, exactly as sent: nothing decoded or normalised) and the
 * body's raw bytes (none for a request without a body). Signed as
 * {@code HMAC-SHA256(key, "<t>.<METHOD>.<target>." + body)}.
 */
public record SignedContent(String method, String target, byte[] body) {

    /** The target as the request line carried it. */
    public static String target(String rawPath, @Nullable String rawQuery) {
        return rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
    }

    /** The hex signature of this content at {@code unixSeconds} under {@code key}. */
    String sign(String key, long unixSeconds) {
        byte[] head = (unixSeconds + "." + method + "." + target + ".").getBytes(StandardCharsets.UTF_8);
        return HmacSha256.hex(key, head, body);
    }
}
