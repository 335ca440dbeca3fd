package com.roadcast.ratelimit;

import com.roadcast.web.AnswerHeaders;
import com.roadcast.web.RequestAttributes;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Spending a caller's budget for an endpoint class, on either side of Jersey. The decision is kept with
 * the request ({@link #spendOnce}), so a request is charged once whoever spends first, and its answer
 * says where the budget stands ({@link #ANSWER_HEADERS}).
 */
public final class Budgets {
    private static final String SPENT = Budgets.class.getName() + ".spent";
    /** The rate-limit headers of the budget the request spent, if it spent one. */
    public static final AnswerHeaders.Source ANSWER_HEADERS = (request, header) -> {
        if (request.get(SPENT) instanceof Decision decision) {
            headers(decision, header);
        }
    };
    private final RateLimitFactory policy;
    private final RateLimiter limiter;

    public Budgets(RateLimitFactory policy, RateLimiter limiter) {
        this.policy = policy;
        this.limiter = limiter;
    }

    /**
     * The decision on {@code caller}'s budget for {@code endpoint} for this request: the one already made
     * for it, else one permit taken now and kept with the request; empty for an unlimited tier.
     *
     * @throws RedisRateLimiter.LimiterUnavailableException when the shared counters cannot be reached and
     *     limits fail closed
     */
    public Optional<Decision> spendOnce(RequestAttributes request, Caller caller, EndpointClass endpoint) {
        if (request.get(SPENT) instanceof Decision made) {
            return Optional.of(made);
        }
        Optional<Decision> decision = spend(caller, endpoint);
        decision.ifPresent(made -> request.set(SPENT, made));
        return decision;
    }

    private Optional<Decision> spend(Caller caller, EndpointClass endpoint) {
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
    private static void headers(Decision decision, BiConsumer<String, String> header) {
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
