package com.roadcast.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded hostile request bodies by kind, each with the statuses a correct server may answer: nesting
 * far past any sane depth, numbers no type can hold, non-finite literals, wrong types, raw control
 * characters and broken UTF-8, duplicate keys, and random mutations of valid bodies.
 */
final class JsonFuzz {
    /** Kinds of hostile body. */
    enum Kind { DEEP_NESTING, HUGE_NUMBER, NON_FINITE, WRONG_TYPE, CONTROL_AND_UNICODE, BROKEN_UTF8, DUPLICATE_KEY, MUTATION }

    /** A body and what may answer it ({@code allowed} empty: any status below 500 in the error shape). */
    record Body(Kind kind, byte[] bytes, Set<Integer> allowed) {}

    private static final Set<Integer> REFUSED = Set.of(400, 422);
    private static final List<String> HUGE = List.of("1e400", "-1e400", "1e-400", "1E+2147483648", "9".repeat(100),
            "-" + "9".repeat(100), "1" + "0".repeat(1000), "0." + "0".repeat(1000) + "1", "-0", "123456789012345678901234567890.5");
    private static final List<String> NON_FINITE = List.of("NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf", "-NaN");
    private static final List<String> WRONG = List.of("\"1\"", "true", "{}", "[]", "[[1]]", "{\"a\":1}", "null", "\"\"",
            "1.5", "-3", "\"773869\"", "[\"x\"]", "12345678901");
    private static final List<String> STRINGS = List.of("\u0000", "\u0007", "\u001f", "\u007f", "\u2028", "\u202e",
            "\ufeff", "\ud83d\ude97", "\u00e9t\u00e9", "\\ud800", "\\udfff", "\\u0000", "a".repeat(70_000), "\r\n", "'\"");
    private static final List<byte[]> BAD_UTF8 = List.of(new byte[] {(byte) 0xc0, (byte) 0xaf},
            new byte[] {(byte) 0xff}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82},
            new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xfe, (byte) 0xff});

    private JsonFuzz() {}

    private static final String TIME = "\"2012-03-06T14:20:00-08:00\"";
    /** Bodies for each endpoint with one slot ({@code @}) for a hostile value, and a valid value for it. */
    private static final List<String[]> PREDICT = List.of(new String[] {"{\"horizons\":@,\"nodes\":[\"773869\"]}", "[3]"},
            new String[] {"{\"horizons\":[@,6],\"nodes\":[\"773869\"]}", "3"},
            new String[] {"{\"horizons\":[3],\"nodes\":@}", "[\"773869\"]"},
            new String[] {"{\"horizons\":[3],\"nodes\":[@]}", "\"773869\""}, new String[] {"@", "{\"horizons\":[1]}"});
    private static final List<String[]> NODE_PREDICT = List.of(new String[] {"{\"horizons\":@}", "[1,3]"},
            new String[] {"{\"horizons\":[@]}", "2"}, new String[] {"@", "{\"horizons\":[1]}"});
    private static final List<String[]> OBSERVATIONS = List.of(
            new String[] {"{\"observations\":@}", "[{\"timestamp\":" + TIME + ",\"speeds\":{\"773869\":61.5}}]"},
            new String[] {"{\"observations\":[@]}", "{\"timestamp\":" + TIME + ",\"speeds\":{\"773869\":61.5}}"},
            new String[] {"{\"observations\":[{\"timestamp\":@,\"speeds\":{\"773869\":61.5}}]}", TIME},
            new String[] {"{\"observations\":[{\"timestamp\":" + TIME + ",\"speeds\":@}]}", "{\"773869\":61.5}"},
            new String[] {"{\"observations\":[{\"timestamp\":" + TIME + ",\"speeds\":{\"773869\":@,\"767541\":null}}]}", "61.5"});

    /** A template and its valid filling, for the endpoint {@code target}. */
    private static String[] template(Random random, String target) {
        List<String[]> templates = target.equals("/v1/observations") ? OBSERVATIONS
                : target.startsWith("/v1/nodes/") ? NODE_PREDICT : PREDICT;
        return templates.get(random.nextInt(templates.size()));
    }

    static Body next(Random random, String target) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String[] template = template(random, target);
        String valid = fill(template[0], template[1]);
        return switch (kind) {
            case DEEP_NESTING -> new Body(kind, utf8(fill(template[0], deep(random))), REFUSED);
            case HUGE_NUMBER -> new Body(kind, utf8(fill(template[0], pick(random, HUGE))), Set.of());
            case NON_FINITE -> new Body(kind, utf8(fill(template[0], pick(random, NON_FINITE))), REFUSED);
            case WRONG_TYPE -> new Body(kind, utf8(fill(template[0], pick(random, WRONG))), Set.of());
            case CONTROL_AND_UNICODE -> new Body(kind, utf8(fill(template[0], "\"" + pick(random, STRINGS) + "\"")), Set.of());
            case BROKEN_UTF8 -> new Body(kind, brokenUtf8(random, template[0]), REFUSED);
            case DUPLICATE_KEY -> new Body(kind, utf8(duplicateKey(random, valid)), Set.of(422));
            case MUTATION -> new Body(kind, mutate(random, utf8(valid)), Set.of());
        };
    }

    /**
     * Arrays or objects nested 1,001 to 100,000 deep (the parser's limit is 1,000), sometimes unclosed;
     * in the speeds slot the parser reads them as far as its limit, elsewhere binding refuses them early.
     */
    private static String deep(Random random) {
        int depth = List.of(1_001, 5_000, 10_000, 100_000).get(random.nextInt(4));
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(random.nextInt(3) == 0 ? depth / 2 : depth);
    }

    private static String fill(String template, String value) {
        return template.replace("@", value);
    }

    /** A string in the slot holding bytes that are not UTF-8. */
    private static byte[] brokenUtf8(Random random, String template) {
        String body = fill(template, "\"#\"");
        int at = body.indexOf('#');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(utf8(body.substring(0, at)));
        out.writeBytes(BAD_UTF8.get(random.nextInt(BAD_UTF8.size())));
        out.writeBytes(utf8(body.substring(at + 1)));
        return out.toByteArray();
    }

    /** A key repeated in the same object (the outer one, or a speeds map), the second time with another value. */
    private static String duplicateKey(Random random, String valid) {
        String firstKey = valid.substring(1, valid.indexOf(':'));
        if (random.nextBoolean() && valid.contains("\"773869\":61.5")) {
            return valid.replace("\"773869\":61.5", "\"773869\":61.5,\"773869\":12.0");
        }
        return valid.substring(0, valid.length() - 1) + "," + firstKey + ":" + (random.nextBoolean() ? "null" : "[1]") + "}";
    }

    /** Up to 8 random byte flips, deletions, insertions and a possible truncation. */
    private static byte[] mutate(Random random, byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int edits = 1 + random.nextInt(8);
        for (int i = 0; i < bytes.length; i++) {
            if (edits > 0 && random.nextInt(bytes.length) < 3) {
                edits--;
                switch (random.nextInt(3)) {
                    case 0 -> out.write(random.nextInt(256));
                    case 1 -> { }
                    default -> {
                        out.write(bytes[i]);
                        String junk = "{}[]\",:0\\ \u0000";
                        out.write(junk.charAt(random.nextInt(junk.length())));
                    }
                }
            } else {
                out.write(bytes[i]);
            }
        }
        byte[] mutated = out.toByteArray();
        return random.nextInt(4) == 0 ? java.util.Arrays.copyOf(mutated, random.nextInt(mutated.length + 1)) : mutated;
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
