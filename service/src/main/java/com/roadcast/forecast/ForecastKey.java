package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.observation.WindowSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The cache key of an answer: {@code name@version:newest-step:revision:horizons:nodes}, then {@code :csv} for a CSV
 * answer. Model first, so
 * {@code cache-clear?prefix=NAME@VERSION} drops one model's answers; long node lists are hashed.
 */
final class ForecastKey {
    private static final int MAX_LISTED_NODES = 16;

    private ForecastKey() {}

    /** The start of every key for this model and window: {@code name@version:newest-step:revision:}. */
    static String window(LoadedModel model, WindowSnapshot snapshot) {
        StringBuilder key = new StringBuilder(48).append(model.name()).append('@').append(model.version()).append(':');
        snapshot.latestStep().ifPresentOrElse(t -> key.append(t.getEpochSecond()), () -> key.append("none"));
        return key.append(':').append(snapshot.revision()).append(':').toString();
    }

    static String of(LoadedModel model, WindowSnapshot snapshot, int[] horizons, int[] nodes, ForecastFormat format) {
        StringBuilder key = new StringBuilder(64).append(window(model, snapshot)).append('h');
        join(horizons, key).append(":n");
        if (nodes.length == model.catalog().size()) {
            key.append("all");
        } else if (nodes.length <= MAX_LISTED_NODES) {
            join(nodes, key);
        } else {
            key.append(sha256(join(nodes, new StringBuilder()).toString()));
        }
        return key.append(format.keySuffix()).toString();
    }

    private static StringBuilder join(int[] values, StringBuilder to) {
        for (int i = 0; i < values.length; i++) {
            (i == 0 ? to : to.append(',')).append(values[i]);
        }
        return to;
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
