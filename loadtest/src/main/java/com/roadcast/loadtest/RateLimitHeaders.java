package com.roadcast.loadtest;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an answer says about the budget it spent: the IETF {@code RateLimit: limit=L, remaining=R, reset=S} and
 * {@code RateLimit-Policy: L;w=W} pair (absent on unlimited tiers), and {@code Retry-After: S} on a refusal.
 */
record RateLimitHeaders(long limit, long remaining, Duration reset, Duration window) {

    static Optional<RateLimitHeaders> of(HttpHeaders headers) {
        Optional<String> state = headers.firstValue("RateLimit");
        Optional<String> policy = headers.firstValue("RateLimit-Policy");
        if (state.isEmpty() || policy.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong limit = field(state.get(), "limit");
        OptionalLong remaining = field(state.get(), "remaining");
        OptionalLong reset = field(state.get(), "reset");
        OptionalLong window = field(policy.get().replace(';', ','), "w");
        if (limit.isEmpty() || remaining.isEmpty() || reset.isEmpty() || window.isEmpty() || limit.getAsLong() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitHeaders(limit.getAsLong(), remaining.getAsLong(),
                Duration.ofSeconds(reset.getAsLong()), Duration.ofSeconds(Math.max(1, window.getAsLong()))));
    }

    /** The delay {@code Retry-After} gives, in seconds; empty when absent or not a number of seconds. */
    static Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(RateLimitHeaders::seconds);
    }

    private static Optional<Duration> seconds(String text) {
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP date: the service never sends one
        }
    }

    private static OptionalLong field(String header, String name) {
        for (String part : header.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase(name)) {
                try {
                    return OptionalLong.of(Long.parseLong(pair[1].trim()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
