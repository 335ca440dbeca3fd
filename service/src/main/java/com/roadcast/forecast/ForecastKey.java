package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.observation.WindowSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;

/**
 * The cache key of an answer: {@code name@version:newest-step:revision:horizons:nodes}. Model first, so
 * {@code cache-clear?prefix=NAME@VERSION} drops one model's answers; long node lists are hashed.
 */
final class ForecastKey {
    private static final int MAX_LISTED_NODES = 16;

    private ForecastKey() {}

    static String of(LoadedModel model, WindowSnapshot snapshot, int[] horizons, int[] nodes) {
        String newest = snapshot.latestStep().map(t -> Long.toString(t.getEpochSecond())).orElse("none");
        return model.name() + "@" + model.version() + ":" + newest + ":" + snapshot.revision() + ":h"
                + join(horizons) + ":n" + nodePart(nodes, model.catalog().size());
    }

    private static String nodePart(int[] nodes, int catalogSize) {
        if (nodes.length == catalogSize) {
            return "all";
        }
        String listed = join(nodes);
        return nodes.length <= MAX_LISTED_NODES ? listed : sha256(listed);
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
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
