package com.roadcast.ratelimit;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

/** Puts a {@link RateLimitFilter} on every resource method marked {@link RateLimited}. */
public final class RateLimitFeature implements DynamicFeature {
    private final Budgets budgets;

    public RateLimitFeature(Budgets budgets) {
        this.budgets = budgets;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        RateLimited marked = resource.getResourceMethod().getAnnotation(RateLimited.class);
        if (marked == null) {
            marked = resource.getResourceClass().getAnnotation(RateLimited.class);
        }
        if (marked != null) {
            context.register(new RateLimitFilter(marked.value(), budgets));
        }
    }
}
