package com.roadcast.metrics;

import com.roadcast.webhook.DeliveryOutcome;
import com.roadcast.webhook.Webhooks;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code roadcast_webhook_deliveries_total{outcome}}: attempts this instance made, by outcome (every outcome
 * always present); {@code roadcast_webhook_pending_deliveries}: deliveries waiting, over all instances of a
 * shared store (absent while the store cannot be read).
 */
final class WebhookMetrics {

    private WebhookMetrics() {}

    static void watch(PrometheusRegistry registry, Webhooks webhooks) {
        Counter attempts = Counter.builder()
                .name("roadcast_webhook_deliveries_total")
                .help("Webhook delivery attempts by outcome: delivered (2xx), retried (failed, tried again later), "
                        + "failed (failed, attempts spent)")
                .labelNames("outcome")
                .register(registry);
        CounterDataPoint[] byOutcome = new CounterDataPoint[DeliveryOutcome.values().length];
        for (DeliveryOutcome outcome : DeliveryOutcome.values()) {
            byOutcome[outcome.ordinal()] = attempts.labelValues(outcome.label());
        }
        webhooks.observe(outcome -> byOutcome[outcome.ordinal()].inc());
        GaugeWithCallback.builder()
                .name("roadcast_webhook_pending_deliveries")
                .help("Webhook deliveries waiting for an attempt (with Redis: of every instance)")
                .callback(value -> {
                    try {
                        value.call(webhooks.pending());
                    } catch (RuntimeException unreadable) {
                        // the store is down: no sample rather than a wrong one
                    }
                })
                .register(registry);
    }
}
