package com.roadcast.ratelimit;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Spending a caller's budget for an endpoint class, for {@link RateLimitFilter} and for
 * {@link com.roadcast.forecast.FastPredict} below Jersey. A decision made below Jersey travels with the
 * request ({@link #DECIDED}), so a request handed on to Jersey is never charged twice.
 */
public final class Budgets {
    /** The request attribute (a Jersey request property too) holding the decision already made for it. */
    public static final String DECIDED = Budgets.class.getName() + ".decided";
    private final RateLimitFactory policy;
    private final RateLimiter limiter;

    public Budgets(RateLimitFactory policy, RateLimiter limiter) {
        this.policy = policy;
        this.limiter = limiter;
    }

    /**
     * Takes one permit of {@code caller}'s budget for {@code endpoint}; empty for an unlimited tier.
     *
     * @throws RedisRateLimiter.LimiterUnavailableException when the shared counters cannot be reached and
     *     limits fail closed
     */
    public Optional<Decision> spend(Caller caller, EndpointClass endpoint) {
        Optional<Long> limit = policy.limit(caller.tier(), endpoint);
        if (limit.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(limiter.acquire("key:" + caller.keyId() + ":" + endpoint.id(), limit.get(), policy.window()));
    }

    /**
     * The classic {@code X-RateLimit-*} trio, the IETF {@code RateLimit} pair, and Retry-After on refusals.
     * Values go in as text: Jersey would otherwise look up a header delegate for each number.
     */
    public static void headers(Decision decision, BiConsumer<String, String> header) {
        String limit = Long.toString(decision.limit());
        String remaining = Long.toString(decision.remaining());
        String reset = Long.toString(decision.resetSeconds());
        header.accept("X-RateLimit-Limit", limit);
        header.accept("X-RateLimit-Remaining", remaining);
        header.accept("X-RateLimit-Reset", reset);
        header.accept("RateLimit-Policy", limit + ";w=" + decision.windowSeconds());
        header.accept("RateLimit", "limit=" + limit + ", remaining=" + remaining + ", reset=" + reset);
        if (!decision.allowed()) {
            header.accept("Retry-After", reset);
        }
    }
}
