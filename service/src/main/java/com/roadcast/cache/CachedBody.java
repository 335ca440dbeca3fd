package com.roadcast.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A forecast answer serialized once, in its two forms: as computed ({@code "cache_hit":false}) and as
 * served from cache ({@code "cache_hit":true }, padded to the same length), so a hit costs no JSON work.
 */
public record CachedBody(byte[] miss, byte[] hit) {
    private static final byte[] MISS_FLAG = "\"cache_hit\":false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIT_FLAG = "\"cache_hit\":true ".getBytes(StandardCharsets.US_ASCII);

    /** Both forms from the computed body, which must contain {@code "cache_hit":false}. */
    public static CachedBody of(byte[] miss) {
        int at = indexOf(miss, MISS_FLAG);
        if (at < 0) {
            throw new IllegalArgumentException("body has no \"cache_hit\":false to flip");
        }
        byte[] hit = Arrays.copyOf(miss, miss.length);
        System.arraycopy(HIT_FLAG, 0, hit, at, HIT_FLAG.length);
        return new CachedBody(miss, hit);
    }

    int weight() {
        return miss.length + hit.length;
    }

    private static int indexOf(byte[] body, byte[] pattern) {
        outer:
        for (int i = 0; i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
