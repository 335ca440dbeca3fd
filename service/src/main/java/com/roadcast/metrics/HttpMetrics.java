package com.roadcast.metrics;

import com.roadcast.forecast.PredictServletFilter;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * Times every request Jersey serves, labelled by method, the matched route <em>template</em> (never the
 * raw path: {@code /v1/nodes/{id}/predict}; {@value Route#UNMATCHED} when nothing matched) and status
 * class, and hands the finished request to {@link RequestOutcomes} (auth failures, limits, forecasts).
 * Label children are looked up once per route and status class, so a request allocates only its listener.
 */
public final class HttpMetrics implements ApplicationEventListener {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");
    private final Counter requests;
    private final Histogram durations;
    private final RequestOutcomes outcomes;
    private final Map<ResourceMethod, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, Route> unmatched = new ConcurrentHashMap<>();

    HttpMetrics(PrometheusRegistry registry, RequestOutcomes outcomes) {
        this.requests = Counter.builder()
                .name("roadcast_http_requests_total")
                .help("API requests answered, by method, route template and status class")
                .labelNames("method", "route", "status")
                .register(registry);
        this.durations = Histogram.builder()
                .name("roadcast_http_request_duration_seconds")
                .help("Time from Jersey receiving an API request to its response being written")
                .labelNames("method", "route", "status")
                .classicUpperBounds(Buckets.LATENCY_SECONDS)
                .register(registry);
        this.outcomes = outcomes;
    }

    /** Creates the request counters of every route at start, so ratios have a series before the first error. */
    @Override
    public void onEvent(ApplicationEvent event) {
        if (event.getType() == ApplicationEvent.Type.INITIALIZATION_FINISHED) {
            event.getResourceModel().getResources().forEach(this::initialize);
        }
    }

    private void initialize(Resource resource) {
        resource.getResourceMethods().forEach(method -> routes.computeIfAbsent(method, this::route).initialize());
        resource.getChildResources().forEach(this::initialize);
    }

    @Override
    public RequestEventListener onRequest(RequestEvent start) {
        long startNanos = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                finished(event, System.nanoTime() - startNanos);
            }
        };
    }

    private void finished(RequestEvent event, long nanos) {
        ContainerResponse response = event.getContainerResponse();
        int status = response == null ? 500 : response.getStatus();
        ResourceMethod method = event.getUriInfo().getMatchedResourceMethod();
        ContainerRequest request = event.getContainerRequest();
        Route route = method == null ? unmatched(request.getMethod()) : matched(method);
        route.observe(status, nanos / 1e9);
        outcomes.finished(route, status, request);
    }

    /** Times answers given below Jersey on a route template as Jersey times that route's answers. */
    PredictServletFilter.RouteTimer routeTimer(String method, String template) {
        Route route = new Route(requests, durations, method, template, null);
        return (status, nanos) -> route.observe(status, nanos / 1e9);
    }

    private Route matched(ResourceMethod method) {
        Route route = routes.get(method);
        return route != null ? route : routes.computeIfAbsent(method, this::route);
    }

    private Route unmatched(String method) {
        String name = METHODS.contains(method) ? method : "other";
        Route route = unmatched.get(name);
        return route != null ? route : unmatched.computeIfAbsent(name, m -> new Route(requests, durations, m,
                Route.UNMATCHED, null));
    }

    private Route route(ResourceMethod method) {
        return new Route(requests, durations, method.getHttpMethod().toUpperCase(Locale.ROOT), template(method),
                RequestOutcomes.endpointClass(method));
    }

    /** The full path template of a resource method: its resource's template and its parents'. */
    static String template(ResourceMethod method) {
        StringBuilder path = new StringBuilder();
        for (Resource r = method.getParent(); r != null; r = r.getParent()) {
            String part = r.getPath() == null ? "" : r.getPath();
            path.insert(0, "/" + part);
        }
        String normalized = path.toString().replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
    }
}
