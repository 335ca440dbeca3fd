package com.roadcast.security;

import java.util.List;
import java.util.Random;

/** Hostile JSON bodies, from almost valid to absurd. */
final class Bodies {
    private static final List<String> VALUES = List.of("1", "-1", "0", "1e308", "-1e308", "1e999", "NaN", "Infinity",
            "-Infinity", "null", "true", "\"\"", "\"NaN\"", "\"\\u0000\"", "\"\\ud800\"", "[]", "{}", "[[[[]]]]",
            "99999999999999999999999999", "0.000000000000000000001", "\"2012-03-06T14:20:00-08:00\"",
            "\"2012-03-06T14:21:00-08:00\"", "\"9999-12-31T23:55:00Z\"", "\"\\n\\r\\t\"", "\"é🚗\"");
    private static final List<String> KEYS = List.of("horizons", "nodes", "observations", "timestamp", "speeds",
            "773869", "__proto__", "", "\\u0000", "horizons");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/json; charset=utf-16", "multipart/form-data", "application/x-www-form-urlencoded", "*/*", "");

    private Bodies() {}

    static String hostile(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "{".repeat(random.nextInt(5000)) + "}".repeat(random.nextInt(10));
            case 1 -> "[".repeat(random.nextInt(3000));
            case 2 -> object(random, 3);
            case 3 -> "{\"observations\":[{\"timestamp\":" + value(random) + ",\"speeds\":{\"773869\":" + value(random)
                    + ",\"773869\":" + value(random) + "}}]}";
            case 4 -> "{\"horizons\":[" + value(random) + "," + value(random) + "],\"nodes\":[" + value(random) + "]}";
            case 5 -> randomBytes(random);
            case 6 -> "{\"horizons\":[1],\"nodes\":[\"" + "9".repeat(random.nextInt(100_000)) + "\"]}";
            default -> "{\"observations\":" + value(random) + "}";
        };
    }

    static String oddContentType(Random random) {
        return CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
    }

    private static String object(Random random, int depth) {
        StringBuilder out = new StringBuilder("{");
        int fields = random.nextInt(4);
        for (int i = 0; i < fields; i++) {
            out.append(i > 0 ? "," : "").append('"').append(KEYS.get(random.nextInt(KEYS.size()))).append("\":")
                    .append(depth > 0 && random.nextBoolean() ? object(random, depth - 1) : value(random));
        }
        return out.append('}').toString();
    }

    private static String value(Random random) {
        return VALUES.get(random.nextInt(VALUES.size()));
    }

    private static String randomBytes(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            out.append((char) random.nextInt(0x3000));
        }
        return out.toString();
    }
}
