package com.roadcast.cache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A forecast answer serialized once, in its forms: as computed ({@code "cache_hit":false}), as served
 * from cache ({@code "cache_hit":true }, padded to the same length; a CSV answer has no flag and one form),
 * and that hit gzip-compressed,
 * made by the first client that accepts gzip and kept beside the plain bytes, so a hit costs no JSON
 * and no compression work.
 */
public final class CachedBody {
    private static final byte[] MISS_FLAG = "\"cache_hit\":false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HIT_FLAG = "\"cache_hit\":true ".getBytes(StandardCharsets.US_ASCII);
    private final byte[] miss;
    private final byte[] hit;
    private volatile byte @Nullable [] gzippedHit;

    private CachedBody(byte[] miss, byte[] hit) {
        this.miss = miss;
        this.hit = hit;
    }

    /**
     * Both plain forms from the computed body: a JSON answer's {@code "cache_hit":false} flipped; a body without
     * the flag (a CSV answer) is served the same either way.
     */
    public static CachedBody of(byte[] miss) {
        int at = indexOf(miss, MISS_FLAG);
        if (at < 0) {
            return new CachedBody(miss, miss);
        }
        byte[] hit = Arrays.copyOf(miss, miss.length);
        System.arraycopy(HIT_FLAG, 0, hit, at, HIT_FLAG.length);
        return new CachedBody(miss, hit);
    }

    public byte[] miss() {
        return miss;
    }

    public byte[] hit() {
        return hit;
    }

    /** The hit form gzip-compressed: compressed once, on first use (a race compresses twice, harmlessly). */
    public byte[] gzippedHit() {
        byte[] gzipped = gzippedHit;
        if (gzipped == null) {
            gzipped = gzip(hit);
            gzippedHit = gzipped;
        }
        return gzipped;
    }

    /** Bytes held, counted at insertion: both plain forms and room for the gzip form (forecasts compress 5-8x). */
    int weight() {
        return (hit == miss ? 0 : miss.length) + hit.length + hit.length / 4;
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 4 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out, 8192)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
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
