package com.roadcast.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient.Reply;
import java.util.Optional;
import java.util.Set;

/** What every answer to hostile input must be: below 500, no stack trace, the error shape for errors. */
final class Answers {

    private Answers() {}

    /** The problem with {@code reply} to {@code what}, if any; {@code allowed} (unless empty) lists the right statuses. */
    static Optional<String> problem(Reply reply, String what, Set<Integer> allowed) {
        String body = reply.raw().body();
        if (reply.status() >= 500) {
            return Optional.of(reply.status() + " for " + what + ": " + abbreviate(body));
        }
        if (body.contains("at com.") || body.contains("at java.") || body.contains("Exception")) {
            return Optional.of("stack trace for " + what);
        }
        if (!allowed.isEmpty() && !allowed.contains(reply.status())) {
            return Optional.of(reply.status() + " (expected " + allowed + ") for " + what + ": " + abbreviate(body));
        }
        if (reply.status() >= 400) {
            JsonNode json = reply.json();
            if (json == null || !json.has("code") || !json.has("message") || !json.has("request_id")
                    || json.get("code").asInt() != reply.status()) {
                return Optional.of("not the error shape for " + what + ": " + abbreviate(body));
            }
        }
        return Optional.empty();
    }

    static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }
}
