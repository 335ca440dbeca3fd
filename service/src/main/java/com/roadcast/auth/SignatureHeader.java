package com.roadcast.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code Roadcast-Signature} value as a signed request carries it: {@code t=<unix seconds>,v1=<hex>}.
 * Pairs are separated by commas, with optional spaces around them; {@code t} and {@code v1} each appear
 * exactly once; pairs of other names are ignored (room for later schemes). The hex is 64 digits of either
 * case.
 */
record SignatureHeader(long timestamp, String v1) {
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

    static Optional<SignatureHeader> parse(String header) {
        String t = null;
        String v1 = null;
        for (String pair : header.split(",", -1)) {
            int equals = pair.indexOf('=');
            if (equals < 0) {
                return Optional.empty();
            }
            String name = pair.substring(0, equals).strip();
            String value = pair.substring(equals + 1).strip();
            if (name.equals("t")) {
                if (t != null || !SECONDS.matcher(value).matches()) {
                    return Optional.empty();
                }
                t = value;
            } else if (name.equals("v1")) {
                if (v1 != null || !HEX.matcher(value).matches()) {
                    return Optional.empty();
                }
                v1 = value.toLowerCase(Locale.ROOT);
            }
        }
        return t == null || v1 == null ? Optional.empty() : Optional.of(new SignatureHeader(Long.parseLong(t), v1));
    }
}
