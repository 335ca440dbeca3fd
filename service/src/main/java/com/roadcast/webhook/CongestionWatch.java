package com.roadcast.webhook;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.record.ForecastRecord;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each new forecast of record into congestion episodes, on its own thread ({@code webhook-events}, a
 * short queue: the recorder never waits): per webhook and node, a forecast below the threshold within its
 * minutes opens an episode and queues one delivery (the first such target); forecasts all at or above it
 * close the episode, so the next dip is a new one.
 */
final class CongestionWatch implements Consumer<ForecastRecord>, Managed {
    private static final Logger LOG = LoggerFactory.getLogger(CongestionWatch.class);
    private final WebhookStore store;
    private final ModelRegistry models;
    private final Clock clock;
    private final ThreadPoolExecutor events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(64), r -> {
                Thread thread = new Thread(r, "webhook-events");
                thread.setDaemon(true);
                return thread;
            }, (r, pool) -> {
                if (!pool.isShutdown()) {
                    LOG.warn("Webhooks: 64 forecasts wait to be checked; a newer one is skipped");
                }
            });

    CongestionWatch(WebhookStore store, ModelRegistry models, Clock clock) {
        this.store = store;
        this.models = models;
        this.clock = clock;
    }

    @Override
    public void accept(ForecastRecord record) {
        events.execute(() -> check(record));
    }

    @Override
    public void stop() throws InterruptedException {
        events.shutdown();
        events.awaitTermination(10, TimeUnit.SECONDS);
    }

    void check(ForecastRecord record) {
        LoadedModel model = models.active();
        try {
            for (Subscription webhook : store.subscriptions()) {
                for (String node : webhook.nodes()) {
                    OptionalInt index = model.catalog().indexOf(node);
                    if (index.isPresent() && index.getAsInt() < record.nodes()) {
                        check(record, model, webhook, node, index.getAsInt());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Webhooks: the forecast of {} could not be checked: {}", record.dataAsOf(), e.getMessage());
        }
    }

    private void check(ForecastRecord record, LoadedModel model, Subscription webhook, String node, int index) {
        Duration step = model.interval();
        int horizons = (int) Math.min(record.horizons(), webhook.withinMinutes() / step.toMinutes());
        for (int h = 1; h <= horizons; h++) {
            double speed = record.servedSpeed(h, index);
            if (speed < webhook.speedBelowMph()) {
                Instant now = clock.instant();
                String eventId = "evt_" + UUID.randomUUID();
                Instant target = record.dataAsOf().plus(step.multipliedBy(h));
                CongestionEvent event = new CongestionEvent(eventId, CongestionEvent.TYPE, now.toString(),
                        new CongestionEvent.Data(node, model.localTime(record.dataAsOf()), model.localTime(target),
                                (int) step.multipliedBy(h).toMinutes(), speed, webhook.speedBelowMph()));
                store.openEpisode(Delivery.first(eventId, webhook.id(), node, StoredJson.write(event), now));
                return;
            }
        }
        store.closeEpisode(webhook.id(), node);
    }
}
