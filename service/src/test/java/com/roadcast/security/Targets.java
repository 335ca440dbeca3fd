package com.roadcast.security;

import java.util.List;
import java.util.Random;

/** Endpoints and hostile variations of their paths and query strings. */
final class Targets {
    private static final List<String> FIXED = List.of("/v1/predict", "/v1/observations", "/v1/nodes/773869/predict",
            "/v1/model", "/v1/nodes?offset=0&limit=5");
    /** Ids that reach the application; sent with bodies (POST). */
    private static final List<String> IDS = List.of("773869", "999999", "a%20b", "%C3%A9t%C3%A9",
            "%F0%9F%9A%97", "x".repeat(300), "1;DROP", "-1");
    /**
     * Also ids Jetty refuses before the application, while parsing the request line (ambiguous or
     * traversing paths, {@code %25}, control characters): sent without bodies (GET), since a server
     * refusing a request line closes the connection at once, and the reset of a body still in flight
     * can discard the answer.
     */
    private static final List<String> HOSTILE_PATHS = List.of("..", "%2e%2e", "%2F..%2F", "%00", "..%5c..%5c",
            "%252e%252e", "773869%0d%0aX-Injected:%201");
    private static final List<String> PARAMS = List.of("-1", "x", "99999999999999999999", "0", "1e9", "%00", "", "NaN");

    private Targets() {}

    static String pick(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "/v1/nodes/" + IDS.get(random.nextInt(IDS.size())) + "/predict";
            case 1 -> "/v1/nodes/" + (random.nextBoolean() ? IDS.get(random.nextInt(IDS.size()))
                    : HOSTILE_PATHS.get(random.nextInt(HOSTILE_PATHS.size())));
            case 2 -> "/v1/nodes?offset=" + PARAMS.get(random.nextInt(PARAMS.size())) + "&limit="
                    + PARAMS.get(random.nextInt(PARAMS.size()));
            default -> FIXED.get(random.nextInt(FIXED.size()));
        };
    }
}
