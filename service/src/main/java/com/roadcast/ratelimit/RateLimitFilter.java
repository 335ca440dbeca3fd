package com.roadcast.ratelimit;

import com.roadcast.auth.ApiPrincipal;
import com.roadcast.ops.Audit;
import com.roadcast.web.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Spends one permit of the caller's budget for this endpoint class (after authentication and the role
 * check, so refused requests cost nothing) and puts the rate-limit headers on the response, 429 included.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String DECISION = RateLimitFilter.class.getName();
    private final EndpointClass endpoint;
    private final RateLimitFactory policy;
    private final RateLimiter limiter;

    RateLimitFilter(EndpointClass endpoint, RateLimitFactory policy, RateLimiter limiter) {
        this.endpoint = endpoint;
        this.policy = policy;
        this.limiter = limiter;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof ApiPrincipal caller)) {
            return;
        }
        Optional<Long> limit = policy.limit(caller.tier(), endpoint);
        if (limit.isEmpty()) {
            return;
        }
        Decision decision;
        try {
            decision = limiter.acquire("key:" + caller.keyId() + ":" + endpoint.id(), limit.get(), policy.window());
        } catch (RedisRateLimiter.LimiterUnavailableException e) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "rate limiter unavailable; retry shortly");
        }
        request.setProperty(DECISION, decision);
        if (!decision.allowed()) {
            if (decision.firstRefusal()) {
                Audit.record("rate-limit", "refused", "key_id", caller.keyId(), "tier", caller.tier(),
                        "endpoint_class", endpoint.id(), "limit", decision.limit());
            }
            throw ApiError.exception(ApiError.Status.TOO_MANY_REQUESTS, "rate limit of " + decision.limit() + " "
                    + endpoint.id() + " requests per " + decision.windowSeconds() + " s reached for tier "
                    + caller.tier() + "; retry in " + decision.resetSeconds() + " s");
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(DECISION) instanceof Decision decision) {
            RateLimitHeaders.add(response.getHeaders(), decision);
        }
    }

    /** The classic {@code X-RateLimit-*} trio, the IETF {@code RateLimit} pair, and Retry-After on refusals. */
    static final class RateLimitHeaders {
        private RateLimitHeaders() {}

        /** Values go in as text: Jersey would otherwise look up a header delegate for each number. */
        static void add(MultivaluedMap<String, Object> headers, Decision decision) {
            String limit = Long.toString(decision.limit());
            String remaining = Long.toString(decision.remaining());
            String reset = Long.toString(decision.resetSeconds());
            headers.putSingle("X-RateLimit-Limit", limit);
            headers.putSingle("X-RateLimit-Remaining", remaining);
            headers.putSingle("X-RateLimit-Reset", reset);
            headers.putSingle("RateLimit-Policy", limit + ";w=" + decision.windowSeconds());
            headers.putSingle("RateLimit", "limit=" + limit + ", remaining=" + remaining + ", reset=" + reset);
            if (!decision.allowed()) {
                headers.putSingle("Retry-After", reset);
            }
        }
    }
}
