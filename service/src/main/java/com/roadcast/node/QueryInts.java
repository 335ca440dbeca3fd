package com.roadcast.node;

import com.roadcast.web.RequestRefused;
import com.roadcast.web.Quote;

/** Integer query parameters: 400 when not an integer, 422 when out of range. */
final class QueryInts {

    private QueryInts() {}

    static int parse(String name, String text, int fallback, int min, int max) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RequestRefused.malformed(name + " must be an integer, got " + Quote.of(text));
        }
        if (value < min || value > max) {
            throw RequestRefused.invalid(name + " = " + value + " is outside " + min + ".." + max);
        }
        return value;
    }
}
