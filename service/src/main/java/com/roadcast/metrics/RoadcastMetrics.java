package com.roadcast.metrics;

import com.codahale.metrics.Timer;
import com.roadcast.cache.ForecastCache;
import com.roadcast.forecast.PredictServletFilter;
import com.roadcast.accuracy.Accuracy;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelReloader;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.quality.SensorHealth;
import com.roadcast.redis.RedisLink;
import com.roadcast.stream.Streams;
import com.roadcast.webhook.Webhooks;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.Set;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;

/**
 * The {@code roadcast_} metric families of one instance, on its registry. Features never see Prometheus:
 * each is watched through a seam it already has (a Jersey listener, a Dropwizard timer, an observer
 * interface, a decorator, or a gauge read at scrape time). Labels are bounded: route templates, status
 * classes, configured tiers, endpoint classes, reasons and levels; never key ids, node ids or raw paths.
 */
public final class RoadcastMetrics {
    private final PrometheusRegistry registry;
    private final Clock clock;
    private final HttpMetrics http;
    private final ModelMetrics reloads;
    private final Timer inference;

    public RoadcastMetrics(PrometheusRegistry registry, Set<String> tiers, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.http = new HttpMetrics(registry, new RequestOutcomes(registry, tiers));
        this.reloads = new ModelMetrics(registry);
        this.inference = new HistogramTimer(Histogram.builder()
                .name("roadcast_inference_duration_seconds")
                .help("ONNX Runtime inference time of one forecast (all nodes, all horizons)")
                .classicUpperBounds(Buckets.LATENCY_SECONDS)
                .register(registry));
    }

    /** The Jersey listener timing every API request. */
    public ApplicationEventListener httpListener() {
        return http;
    }

    /** Times the answers {@link PredictServletFilter} gives below Jersey, in the request families. */
    public PredictServletFilter.RouteTimer routeTimer(String method, String template) {
        return http.routeTimer(method, template);
    }

    /** A Dropwizard timer that also feeds the inference histogram; register it under the engine's name. */
    public Timer inferenceTimer() {
        return inference;
    }

    /** Reload outcomes, for the {@link ModelReloader}. */
    public ModelReloader.Outcomes reloads() {
        return reloads;
    }

    /**
     * The loaded models; Redis up (PING at scrape), command latency, skipped calls; forecasts served by
     * cache level and the cache's evictions.
     */
    public void watch(RedisLink redis, ModelRegistry models, ForecastCache cache) {
        ModelMetrics.watch(registry, models);
        redis.guard().ifPresent(guard -> RedisMetrics.watch(registry, guard));
        CacheMetrics.register(registry, cache);
    }

    /** Live accuracy over the last hour, per horizon, and the bundle's validation figures to compare with. */
    public void watch(Accuracy accuracy, ModelRegistry models) {
        AccuracyMetrics.watch(registry, accuracy, models);
    }

    /** {@code roadcast_sensors}: sensors by health status, from the report of the current window revision. */
    public void watchSensors(SensorHealth health) {
        SensorGauge.register(registry, health);
    }

    /** Webhook delivery attempts by outcome, and the deliveries pending. */
    public void watch(Webhooks webhooks) {
        WebhookMetrics.watch(registry, webhooks);
    }

    /** {@code roadcast_stream_open}: the streams this instance holds open. */
    public void watch(Streams streams) {
        GaugeWithCallback.builder()
                .name("roadcast_stream_open")
                .help("GET /v1/stream answers this instance holds open")
                .callback(value -> value.call(streams.open()))
                .register(registry);
    }

    /** The window, counted (steps in and refused, missing readings) and its freshness gauges. */
    public ObservationHistory watchWindow(ObservationHistory window) {
        return new ObservedHistory(window, registry, clock);
    }

}
