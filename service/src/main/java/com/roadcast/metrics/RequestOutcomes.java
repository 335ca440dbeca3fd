package com.roadcast.metrics;

import com.roadcast.auth.ApiKeyFilter;
import com.roadcast.auth.ApiPrincipal;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.jspecify.annotations.Nullable;

/**
 * What a finished request's status says: authentication failures by reason, rate-limit refusals by tier
 * and endpoint class. Read from the answer the client got, so the
 * filters that decide stay free of metrics code. Tiers outside the configured set count as {@code other}.
 */
final class RequestOutcomes {
    private static final String OTHER_TIER = "other";
    private final CounterDataPoint missingKey;
    private final CounterDataPoint invalidKey;
    private final CounterDataPoint lockedOut;
    private final CounterDataPoint forbidden;
    private final Map<String, CounterDataPoint[]> limitedByTier = new HashMap<>();
    private final CounterDataPoint[] otherTier;

    RequestOutcomes(PrometheusRegistry registry, Set<String> tiers) {
        Counter auth = Counter.builder()
                .name("roadcast_auth_failures_total")
                .help("API requests refused by authentication or authorisation, by reason")
                .labelNames("reason")
                .register(registry);
        missingKey = auth.labelValues("missing_key");
        invalidKey = auth.labelValues("invalid_key");
        lockedOut = auth.labelValues("locked_out");
        forbidden = auth.labelValues("forbidden_role");
        Counter limited = Counter.builder()
                .name("roadcast_rate_limited_requests_total")
                .help("API requests refused with 429 by the caller's budget, by tier and endpoint class")
                .labelNames("tier", "endpoint_class")
                .register(registry);
        for (String tier : tiers) {
            limitedByTier.put(tier, children(limited, tier));
        }
        otherTier = children(limited, OTHER_TIER);
    }

    private static CounterDataPoint[] children(Counter counter, String tier) {
        CounterDataPoint[] byClass = new CounterDataPoint[EndpointClass.values().length];
        for (EndpointClass endpoint : EndpointClass.values()) {
            byClass[endpoint.ordinal()] = counter.labelValues(tier, endpoint.id());
        }
        return byClass;
    }

    /** The budget a resource method spends, from its (or its class's) {@link RateLimited}; null for none. */
    static @Nullable EndpointClass endpointClass(ResourceMethod method) {
        RateLimited marked = method.getInvocable().getHandlingMethod().getAnnotation(RateLimited.class);
        if (marked == null) {
            marked = method.getInvocable().getHandler().getHandlerClass().getAnnotation(RateLimited.class);
        }
        return marked == null ? null : marked.value();
    }

    void finished(Route route, int status, ContainerRequest request) {
        if (status == 401) {
            String key = request.getHeaderString(ApiKeyFilter.HEADER);
            (key == null || key.isBlank() ? missingKey : invalidKey).inc();
        } else if (status == 403) {
            forbidden.inc();
        } else if (status == 429) {
            refused(route, request);
        }
    }

    private void refused(Route route, ContainerRequest request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof ApiPrincipal caller)) {
            lockedOut.inc(); // a missing or wrong key from an address over its failure budget
            return;
        }
        if (route.endpointClass() != null) {
            CounterDataPoint[] byClass = limitedByTier.get(caller.tier());
            if (byClass == null) {
                byClass = otherTier;
            }
            byClass[route.endpointClass().ordinal()].inc();
        }
    }
}
