package com.roadcast.webhook;

import com.roadcast.record.ForecastRecord;
import java.util.function.Consumer;

/** The running webhooks feature: what it listens to, and what metrics may watch. */
public final class Webhooks {
    private final CongestionWatch watch;
    private final Dispatcher dispatcher;
    private final WebhookStore store;

    Webhooks(CongestionWatch watch, Dispatcher dispatcher, WebhookStore store) {
        this.watch = watch;
        this.dispatcher = dispatcher;
        this.store = store;
    }

    /** Give it every new forecast of record. */
    public Consumer<ForecastRecord> forecasts() {
        return watch;
    }

    public void observe(DeliveryOutcome.Observer outcomes) {
        dispatcher.observe(outcomes);
    }

    /** Deliveries waiting for an attempt; throws when the store cannot be read. */
    public long pending() {
        return store.pending();
    }
}
