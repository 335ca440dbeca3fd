package com.roadcast.loadtest;

import java.net.http.HttpRequest;
import java.util.Optional;

/**
 * One request as it is counted: {@code method} and {@code name} are the stats row (a route, not a URL, so node ids
 * do not split the rows), {@code request} is what is sent, {@code budget} the rate-limit endpoint class it spends
 * (empty for public routes), {@code check} what a 2xx body must look like.
 */
record ApiCall(String method, String name, HttpRequest request, Optional<String> budget, BodyCheck check) {

    /** The problem with an answer's body, or empty when it is what the request asked for. */
    @FunctionalInterface
    interface BodyCheck {
        BodyCheck ANY = body -> Optional.empty();

        Optional<String> problem(byte[] body);
    }
}
