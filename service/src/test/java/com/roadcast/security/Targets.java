package com.roadcast.security;

import java.util.List;
import java.util.Random;

/** Endpoints and hostile variations of their paths and query strings. */
final class Targets {
    private static final List<String> FIXED = List.of("/v1/predict", "/v1/observations", "/v1/nodes/773869/predict",
            "/v1/model", "/v1/nodes?offset=0&limit=5");
    private static final List<String> IDS = List.of("773869", "999999", "..", "%2e%2e", "a%20b", "%C3%A9t%C3%A9",
            "%F0%9F%9A%97", "x".repeat(300), "1;DROP", "%252e%252e", "-1", "773869%0d%0aX-Injected:%201");
    private static final List<String> PARAMS = List.of("-1", "x", "99999999999999999999", "0", "1e9", "%00", "", "NaN");

    private Targets() {}

    static String pick(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "/v1/nodes/" + IDS.get(random.nextInt(IDS.size())) + "/predict";
            case 1 -> "/v1/nodes/" + IDS.get(random.nextInt(IDS.size()));
            case 2 -> "/v1/nodes?offset=" + PARAMS.get(random.nextInt(PARAMS.size())) + "&limit="
                    + PARAMS.get(random.nextInt(PARAMS.size()));
            default -> FIXED.get(random.nextInt(FIXED.size()));
        };
    }
}
