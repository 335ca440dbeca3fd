package com.roadcast.loadtest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one worker process is told: where the Locust master and the service are, which API keys it may use, and the
 * hard limits it stops at on its own (even if the master dies). Each setting is a {@code --name value} argument or,
 * when absent, the environment variable in {@link #ENV}.
 *
 * <p>{@code workers} is how many worker processes share the keys (the master spreads users evenly over them), so
 * a user can tell how many users share its key; users of an {@code unpacedTiers} tier send without pacing (they
 * still wait when refused); {@code ledger} is the file the worker's exact counts are written to when it exits.
 */
public record WorkerOptions(String masterHost, int masterPort, URI target, List<TierKey> keys, Duration thinkTime,
                            Duration maxRuntime, long maxRequests, int workers, Set<String> unpacedTiers,
                            Optional<Path> ledger) {

    /** Argument name to environment variable. */
    static final Map<String, String> ENV = Map.of(
            "master-host", "LOCUST_MASTER_HOST",
            "master-port", "LOCUST_MASTER_PORT",
            "target", "ROADCAST_TARGET",
            "keys", "ROADCAST_KEYS",
            "think-ms", "ROADCAST_THINK_MS",
            "max-seconds", "ROADCAST_MAX_SECONDS",
            "max-requests", "ROADCAST_MAX_REQUESTS",
            "workers", "ROADCAST_WORKERS",
            "unpaced-tiers", "ROADCAST_UNPACED_TIERS",
            "ledger", "ROADCAST_LEDGER");

    private static final Map<String, String> DEFAULTS = Map.of(
            "master-host", "127.0.0.1",
            "master-port", "5557",
            "target", "http://127.0.0.1:8080",
            "think-ms", "0",
            "max-seconds", "900",
            "max-requests", "5000000",
            "workers", "1",
            "unpaced-tiers", "",
            "ledger", "");

    public WorkerOptions {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no API keys: pass --keys tier:key[,tier:key...] or set ROADCAST_KEYS");
        }
        if (maxRuntime.isNegative() || maxRuntime.isZero() || maxRequests <= 0 || workers <= 0) {
            throw new IllegalArgumentException("--max-seconds, --max-requests and --workers must be positive");
        }
        if (thinkTime.isNegative()) {
            throw new IllegalArgumentException("--think-ms must not be negative");
        }
        keys = List.copyOf(keys);
        unpacedTiers = Set.copyOf(unpacedTiers);
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
                Long.parseLong(required(given, "max-requests")), Integer.parseInt(required(given, "workers")),
                Arrays.stream(required(given, "unpaced-tiers").split(",")).map(String::trim)
                        .filter(tier -> !tier.isEmpty()).collect(Collectors.toSet()),
                Optional.of(required(given, "ledger")).filter(path -> !path.isBlank()).map(Path::of));
    }

    /**
     * An API key, the tier it was created for (it labels the counts, so it must be the key's real tier) and its
     * weight: the share of users that hold it is its weight over the sum of all weights.
     */
    public record TierKey(String tier, String key, int weight) {
        public TierKey {
            if (weight <= 0) {
                throw new IllegalArgumentException("a key's weight must be positive");
            }
        }

        TierKey(String tier, String key) {
            this(tier, key, 1);
        }

        /** {@code tier:key[:weight],...}. */
        static List<TierKey> parseList(String text) {
            List<TierKey> keys = new ArrayList<>();
            for (String item : text.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                String[] parts = item.trim().split(":", -1);
                if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
                    throw new IllegalArgumentException("a key is tier:key[:weight], got an item without both parts");
                }
                keys.add(new TierKey(parts[0], parts[1], parts.length == 3 ? Integer.parseInt(parts[2]) : 1));
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
