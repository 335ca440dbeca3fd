package com.roadcast.ratelimit;

import com.roadcast.audit.Audit;
import com.roadcast.web.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Spends one permit of the caller's budget for this endpoint class (after authentication and the role
 * check, so refused requests cost nothing; unless {@link Budgets#DECIDED} says it was spent below Jersey)
 * and puts the rate-limit headers on the response, 429 included.
 */
@Priority(Priorities.AUTHORIZATION + 100)
final class RateLimitFilter implements ContainerRequestFilter, ContainerResponseFilter {
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
        Decision decision;
        if (request.getProperty(Budgets.DECIDED) instanceof Decision made) {
            decision = made;
        } else {
            Optional<Decision> spent;
            try {
                spent = budgets.spend(caller, endpoint);
            } catch (RedisRateLimiter.LimiterUnavailableException e) {
                throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "rate limiter unavailable; retry shortly");
            }
            if (spent.isEmpty()) {
                return;
            }
            decision = spent.get();
            request.setProperty(Budgets.DECIDED, decision);
        }
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
        if (request.getProperty(Budgets.DECIDED) instanceof Decision decision) {
            Budgets.headers(decision, response.getHeaders()::putSingle);
        }
    }
}
