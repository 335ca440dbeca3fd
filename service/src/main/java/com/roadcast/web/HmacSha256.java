package com.roadcast.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 in lower-case hex, the primitive of both {@code Roadcast-Signature} headers: the one on
 * webhook deliveries and the one signed requests carry. The key is a secret's UTF-8 bytes; the message is
 * the concatenation of {@code parts}, so a raw body is signed as its bytes, never decoded.
 */
public final class HmacSha256 {
    private HmacSha256() {}

    public static String hex(String key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** Whether two hex digests are equal, in time independent of where they differ. */
    public static boolean same(String expectedHex, String offeredHex) {
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                offeredHex.getBytes(StandardCharsets.US_ASCII));
    }
}
