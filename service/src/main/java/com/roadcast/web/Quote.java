package com.roadcast.web;

/** Quotes client text for an error message: short, printable, never able to forge log or header lines. */
public final class Quote {
    private static final int MAX = 40;

    private Quote() {}

    public static String of(String text) {
        StringBuilder out = new StringBuilder("'");
        text.codePoints().limit(MAX).forEach(c -> out.append(Character.isISOControl(c) ? '?' : Character.toString(c)));
        return out.append(text.codePointCount(0, text.length()) > MAX ? "...'" : "'").toString();
    }
}
