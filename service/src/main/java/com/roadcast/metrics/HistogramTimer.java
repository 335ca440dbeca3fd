package com.roadcast.metrics;

import com.codahale.metrics.Timer;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Dropwizard timer that also feeds a Prometheus histogram. Registered under the name a feature already
 * times with, it gives that feature an aggregatable histogram without the feature knowing: every
 * {@code update} lands in both (Dropwizard's reservoir percentiles cannot be aggregated across instances).
 */
final class HistogramTimer extends Timer {
    private final DistributionDataPoint histogram;

    HistogramTimer(DistributionDataPoint histogram) {
        this.histogram = histogram;
    }

    @Override
    public void update(long duration, TimeUnit unit) {
        super.update(duration, unit);
        histogram.observe(unit.toNanos(duration) / 1e9);
    }

    @Override
    public void update(Duration duration) {
        update(duration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
