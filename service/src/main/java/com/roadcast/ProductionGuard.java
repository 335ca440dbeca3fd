package com.roadcast;

import com.roadcast.auth.ApiKey;
import com.roadcast.auth.ApiKeyStore;
import java.util.ArrayList;
import java.util.List;

/**
 * With {@code production: true}, start-up refuses a configuration that would be unsafe to expose:
 * no shared Redis, or a demo key that could be created or still exists. Every problem is listed in one
 * message, so an operator fixes them in one go.
 */
public final class ProductionGuard {

    private ProductionGuard() {}

    /** The problems found; empty when the configuration is fit for production. */
    public static List<String> problems(boolean redisConfigured, boolean createDemoKey, ApiKeyStore keys) {
        List<String> problems = new ArrayList<>();
        if (!redisConfigured) {
            problems.add("redis.url is not set (REDIS_URL): limits, cache, window and keys must be shared");
        }
        if (createDemoKey) {
            problems.add("auth.createDemoKey is on: a demo admin key would be printed to the log");
        }
        keys.list().stream().filter(ApiKey::active).filter(k -> "demo".equals(k.name())).findAny().ifPresent(k ->
                problems.add("the demo key " + k.id() + " is still active: revoke it with keys revoke --id " + k.id()));
        return problems;
    }

    public static void check(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start an insecure production configuration:\n  - "
                    + String.join("\n  - ", problems));
        }
    }
}
