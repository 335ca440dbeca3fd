package com.roadcast.forecast;

import com.roadcast.cache.ForecastCache;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of a forecast answer: a hit for a client that accepts gzip gets the cached compressed bytes
 * with {@code Content-Encoding: gzip} (Jetty then leaves the response alone), any other answer its plain
 * bytes (a miss a gzip client asked for is compressed on the fly by Jetty, once), with its length.
 */
final class ForecastBody {

    private ForecastBody() {}

    /**
     * The bytes to send for {@code lookup} to a client whose {@code Accept-Encoding} is {@code acceptEncoding}
     * (null: none), with the headers that go with them: where it came from, Vary (the form follows
     * {@code Accept}, the encoding {@code Accept-Encoding}), Content-Encoding for gzip, and Content-Length.
     */
    static byte[] of(ForecastCache.Lookup lookup, @Nullable String acceptEncoding, BiConsumer<String, String> header) {
        header.accept("X-Cache", lookup.hit() ? "HIT" : "MISS");
        header.accept("X-Cache-Level", lookup.level().name());
        header.accept("Vary", "Accept, Accept-Encoding");
        byte[] bytes;
        if (lookup.hit() && acceptsGzip(acceptEncoding)) {
            header.accept("Content-Encoding", "gzip");
            bytes = lookup.body().gzippedHit();
        } else {
            bytes = lookup.bytes();
        }
        // the length is known: the answer goes out whole, never in chunks, so a proxy never starts
        // relaying one an instance could be killed in the middle of
        header.accept("Content-Length", Integer.toString(bytes.length));
        return bytes;
    }

    /** True when {@code gzip} (or {@code *}) is listed without {@code q=0}. */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (name.equals("gzip") || name.equals("*")) {
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                    refused |= param.matches("q=0(\\.0{0,3})?");
                }
                return !refused;
            }
        }
        return false;
    }
}
