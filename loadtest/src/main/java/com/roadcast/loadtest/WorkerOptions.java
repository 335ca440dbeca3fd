package com.roadcast.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one worker process is told: where the Locust master and the service are, which API keys it may use, and the
 * hard limits it stops at on its own (even if the master dies). Each setting is a {@code --name value} argument or,
 * when absent, the environment variable in {@link #ENV}.
 */
public record WorkerOptions(String masterHost, int masterPort, URI target, List<TierKey> keys, Duration thinkTime,
                            Duration maxRuntime, long maxRequests) {

    /** Argument name to environment variable. */
    static final Map<String, String> ENV = Map.of(
            "master-host", "LOCUST_MASTER_HOST",
            "master-port", "LOCUST_MASTER_PORT",
            "target", "ROADCAST_TARGET",
            "keys", "ROADCAST_KEYS",
            "think-ms", "ROADCAST_THINK_MS",
            "max-seconds", "ROADCAST_MAX_SECONDS",
            "max-requests", "ROADCAST_MAX_REQUESTS");

    private static final Map<String, String> DEFAULTS = Map.of(
            "master-host", "127.0.0.1",
            "master-port", "5557",
            "target", "http://127.0.0.1:8080",
            "think-ms", "0",
            "max-seconds", "900",
            "max-requests", "5000000");

    public WorkerOptions {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no API keys: pass --keys tier:key[,tier:key...] or set ROADCAST_KEYS");
        }
        if (maxRuntime.isNegative() || maxRuntime.isZero() || maxRequests <= 0) {
            throw new IllegalArgumentException("--max-seconds and --max-requests must be positive");
        }
        LoopbackGuard.require(target);
        LoopbackGuard.require(URI.create("tcp://" + masterHost + ":" + masterPort));
    }

    static WorkerOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!ENV.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete argument " + args[i] + "; known: " + ENV.keySet());
            }
            given.put(name, args[i + 1]);
        }
        ENV.forEach((name, variable) -> {
            if (!given.containsKey(name) && env.get(variable) != null) {
                given.put(name, env.get(variable));
            }
        });
        DEFAULTS.forEach(given::putIfAbsent);
        return new WorkerOptions(required(given, "master-host"), Integer.parseInt(required(given, "master-port")),
                URI.create(required(given, "target")), TierKey.parseList(given.getOrDefault("keys", "")),
                Duration.ofMillis(Long.parseLong(required(given, "think-ms"))),
                Duration.ofSeconds(Long.parseLong(required(given, "max-seconds"))),
                Long.parseLong(required(given, "max-requests")));
    }

    /** An API key and the tier it was created for (the tier only labels it; the service decides by the key). */
    public record TierKey(String tier, String key) {
        static List<TierKey> parseList(String text) {
            List<TierKey> keys = new ArrayList<>();
            for (String item : text.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                int colon = item.indexOf(':');
                if (colon <= 0 || colon == item.length() - 1) {
                    throw new IllegalArgumentException("a key is tier:key, got an item without both parts");
                }
                keys.add(new TierKey(item.substring(0, colon).trim(), item.substring(colon + 1).trim()));
            }
            return List.copyOf(keys);
        }

        @Override
        public String toString() {
            return tier + ":<key>";
        }
    }

    private static String required(Map<String, String> given, String name) {
        String value = given.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
