package com.roadcast.ratelimit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.redis.RedisLink;
import io.dropwizard.core.setup.Environment;
import com.roadcast.web.ClientIps;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code rateLimits:} per tier and endpoint class, per window (fixed or sliding); unlimited tiers; the per-IP budget of
 * failed authentications; which proxies may say who the client is; and what to do while Redis is down.
 */
public final class RateLimitFactory {
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration window = Duration.minutes(1);

    /**
     * How a key's budget counts over time: {@code fixed} (epoch-aligned windows: up to twice the limit
     * around a boundary) or {@code sliding} (at most the limit in any interval of one window's length).
     * The failed-authentication budget per address always uses fixed windows.
     */
    @NotNull
    @JsonProperty
    private Algorithm algorithm = Algorithm.FIXED;

    /** Requests per window, per key, for each tier and endpoint class. */
    @NotEmpty
    @Valid
    @JsonProperty
    private Map<String, TierLimits> tiers = Map.of(
            "free", new TierLimits(20, 60, 12),
            "standard", new TierLimits(60, 120, 60),
            "premium", new TierLimits(100, 300, 120));

    /** Tiers with no limit at all (trusted services, benchmarks). */
    @NotNull
    @JsonProperty
    private Set<String> unlimitedTiers = Set.of("internal");

    /** Budget per window and class for a key whose tier is not configured. */
    @Min(1)
    @JsonProperty
    private long unknownTierLimit = 10;

    /** Failed authentications per client address (IPv6: per /64) and window; past it missing or wrong keys get 429. */
    @Min(1)
    @JsonProperty
    private long failedAuthPerIp = 10;

    /** While Redis is unreachable: true decides with in-process counters, false answers 503. */
    @JsonProperty
    private boolean failOpen = true;

    /**
     * The largest block of permits an instance leases from Redis at once (blocks grow with a key's demand
     * and shrink near its limit); 1 turns leasing off: one Redis script call per decision.
     */
    @Min(1)
    @JsonProperty
    private long maxLease = 500;

    /** How long an instance keeps leased permits before giving the unspent ones back. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration leaseTime = Duration.milliseconds(100);

    /** Peers whose X-Forwarded-For is believed (addresses or CIDR blocks), e.g. the local Nginx. */
    @NotNull
    @JsonProperty
    private List<String> trustedProxies = List.of();

    /** Limits of one tier, per window. */
    public record TierLimits(@Min(1) long predict, @Min(1) long nodes, @Min(1) long ingest) {
        long of(EndpointClass endpoint) {
            return switch (endpoint) {
                case PREDICT -> predict;
                case NODES -> nodes;
                case INGEST -> ingest;
            };
        }
    }

    /** Every tier a key may be given. */
    public Set<String> knownTiers() {
        Set<String> known = new LinkedHashSet<>(tiers.keySet());
        known.addAll(unlimitedTiers);
        return known;
    }

    public java.time.Duration window() {
        return window.toJavaDuration();
    }

    /** The limit for a tier and class, or empty for an unlimited tier. */
    public Optional<Long> limit(String tier, EndpointClass endpoint) {
        if (unlimitedTiers.contains(tier)) {
            return Optional.empty();
        }
        TierLimits limits = tiers.get(tier);
        return Optional.of(limits == null ? unknownTierLimit : limits.of(endpoint));
    }

    /** Failed authentications an address may make per window before its missing or wrong keys get 429. */
    public long failedAuthPerIp() {
        return failedAuthPerIp;
    }

    public ClientIps clientIps() {
        return new ClientIps(trustedProxies);
    }

    /**
     * The per-key budgets, on counters shared in Redis (permits leased in blocks) when there is one, else
     * in this process (managed here), with the filter spending them on every {@link RateLimited} resource.
     */
    public Budgets build(Environment environment, RedisLink redis, Clock clock) {
        RateLimiter limiter = limiter(algorithm, redis, clock, maxLease, failOpen);
        environment.lifecycle().manage(limiter);
        Budgets budgets = new Budgets(this, limiter);
        environment.jersey().register(new RateLimitFeature(budgets));
        return budgets;
    }

    /**
     * Counters for the per-address failed-authentication budget that never lease (each failure counts at
     * once). While Redis is down failures are counted in process whatever {@code failOpen} says: the
     * request is refused either way, and failing closed would turn a 401 into an error.
     */
    public RateLimiter failureCounters(RedisLink redis, Clock clock) {
        return limiter(Algorithm.FIXED, redis, clock, 1, true);
    }

    private RateLimiter limiter(Algorithm counting, RedisLink redis, Clock clock, long lease, boolean open) {
        RateLimiter local = counting.local(clock, window.toJavaDuration());
        return redis.guard().<RateLimiter>map(guard -> new RedisRateLimiter(guard, counting, redis.keyPrefix(), local, open,
                clock, lease, leaseTime.toJavaDuration(), window.toJavaDuration())).orElse(local);
    }
}
