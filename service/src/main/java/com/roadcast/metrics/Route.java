package com.roadcast.metrics;

import com.roadcast.ratelimit.EndpointClass;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * One method and route template, with its label children per status class looked up once (then kept):
 * the hot path does an array read, never a label-map lookup.
 */
final class Route {
    static final String UNMATCHED = "unmatched";
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private final Counter requests;
    private final Histogram durations;
    private final String method;
    private final String template;
    private final @Nullable EndpointClass endpointClass;
    private final Child[] children = new Child[CLASSES.length];

    /** The children of one status class; final fields, so a racing thread sees both or none. */
    private record Child(CounterDataPoint count, DistributionDataPoint time) {}

    /** @param endpointClass the rate-limit class of the route, or null when it spends no budget */
    Route(Counter requests, Histogram durations, String method, String template, @Nullable EndpointClass endpointClass) {
        this.requests = requests;
        this.durations = durations;
        this.method = method;
        this.template = template;
        this.endpointClass = endpointClass;
    }

    /** Creates the 2xx, 4xx and 5xx request counters now (at zero). */
    void initialize() {
        for (int i : new int[] {1, 3, 4}) {
            requests.initLabelValues(method, template, CLASSES[i]);
        }
    }

    void observe(int status, double seconds) {
        int i = Math.min(Math.max(status / 100, 1), 5) - 1;
        Child child = children[i];
        if (child == null) {
            // benign race: labelValues returns the same children to every thread
            child = new Child(requests.labelValues(method, template, CLASSES[i]),
                    durations.labelValues(method, template, CLASSES[i]));
            children[i] = child;
        }
        child.count().inc();
        child.time().observe(seconds);
    }

    @Nullable EndpointClass endpointClass() {
        return endpointClass;
    }
}
