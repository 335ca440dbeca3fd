package com.roadcast.ratelimit;

import com.roadcast.audit.Audit;
import com.roadcast.web.ApiError;
import com.roadcast.web.RequestAttributes;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Spends one permit of the caller's budget for this endpoint class, after authentication and the role
 * check, so refused requests cost nothing; a request that spent it below Jersey is not charged again.
 * The answer's rate-limit headers come from {@link Budgets#ANSWER_HEADERS}.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class RateLimitFilter implements ContainerRequestFilter {
    private final EndpointClass endpoint;
    private final Budgets budgets;

    RateLimitFilter(EndpointClass endpoint, Budgets budgets) {
        this.endpoint = endpoint;
        this.budgets = budgets;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller caller)) {
            return;
        }
        Optional<Decision> spent;
        try {
            spent = budgets.spendOnce(RequestAttributes.of(request), caller, endpoint);
        } catch (RedisRateLimiter.LimiterUnavailableException e) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "rate limiter unavailable; retry shortly");
        }
        if (spent.isPresent() && !spent.get().allowed()) {
            Decision decision = spent.get();
            if (decision.firstRefusal()) {
                Audit.record("rate-limit", "refused", "key_id", caller.keyId(), "tier", caller.tier(),
                        "endpoint_class", endpoint.id(), "limit", decision.limit());
            }
            throw ApiError.exception(ApiError.Status.TOO_MANY_REQUESTS, "rate limit of " + decision.limit() + " "
                    + endpoint.id() + " requests per " + decision.windowSeconds() + " s reached for tier "
                    + caller.tier() + "; retry in " + decision.resetSeconds() + " s");
        }
    }
}
