package com.roadcast.metrics;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Redis as this instance sees it through {@link RedisGuard}: command latency by outcome, pool use, calls skipped
 * while the guard rests after a failure, and {@code roadcast_redis_up} from a PING made at scrape time
 * (through the guard, so a resting guard answers 0 at once and a hung Redis costs at most the timeout).
 */
final class RedisMetrics implements RedisGuard.Observer {
    private final DistributionDataPoint ok;
    private final DistributionDataPoint failed;
    private final CounterDataPoint skipped;

    private RedisMetrics(PrometheusRegistry registry) {
        Histogram commands = Histogram.builder()
                .name("roadcast_redis_command_duration_seconds")
                .help("Redis calls (a command, script or pipeline) by outcome (ok, error: failed or timed out)")
                .labelNames("outcome")
                .classicUpperBounds(Buckets.LATENCY_SECONDS)
                .register(registry);
        ok = commands.labelValues("ok");
        failed = commands.labelValues("error");
        skipped = Counter.builder()
                .name("roadcast_redis_skipped_calls_total")
                .help("Redis calls not attempted because Redis failed a moment ago (served in process instead)")
                .register(registry);
    }

    static void watch(PrometheusRegistry registry, RedisGuard guard) {
        guard.observe(new RedisMetrics(registry));
        GaugeWithCallback.builder()
                .name("roadcast_redis_up")
                .help("1 when Redis answered a PING during this scrape, else 0")
                .callback(value -> value.call(answers(guard) ? 1 : 0))
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_redis_pool_connections")
                .help("Pooled Redis connections by state (active: lent to a call, idle)")
                .labelNames("state")
                .callback(value -> {
                    RedisGuard.PoolStats pool = guard.poolStats();
                    value.call(pool.active(), "active");
                    value.call(pool.idle(), "idle");
                })
                .register(registry);
        GaugeWithCallback.builder()
                .name("roadcast_redis_pool_waiters")
                .help("Calls waiting for a pooled Redis connection (all in use)")
                .callback(value -> value.call(guard.poolStats().waiters()))
                .register(registry);
    }

    private static boolean answers(RedisGuard guard) {
        try {
            guard.call(client -> client.ping());
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    @Override
    public void completed(long nanos, boolean succeeded) {
        (succeeded ? ok : failed).observe(nanos / 1e9);
    }

    @Override
    public void skipped() {
        skipped.inc();
    }
}
