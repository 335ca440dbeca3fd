package com.roadcast.webhook;

import com.roadcast.audit.Audit;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the deliveries that are due: {@code webhook-poller} claims what its senders can take (a lease in the
 * store, so one instance sends each attempt), {@code webhook-sender-N} threads (a fixed, bounded pool) POST
 * them and keep the outcome: delivered, retried after {@link Backoff}, or failed once the attempts are spent.
 * Nothing else waits for it. On stop, attempts in flight finish; leased ones not begun are sent after their
 * lease ends.
 */
final class Dispatcher implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final WebhookStore store;
    private final HookSender sender;
    private final Backoff backoff;
    private final Settings settings;
    private final Clock clock;
    private final AtomicInteger busy = new AtomicInteger();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-poller"));
    private final ThreadPoolExecutor senders;
    /** Only the poller thread reads and writes it: the first failure of a run is logged, not every poll. */
    private boolean claimFailing;
    private volatile DeliveryOutcome.Observer outcomes = DeliveryOutcome.Observer.NONE;

    /** How many attempts, how long a claim lasts, how often to look, and how many send at once. */
    record Settings(int maxAttempts, Duration lease, Duration pollEvery, int threads) {}

    Dispatcher(WebhookStore store, HookSender sender, Backoff backoff, Settings settings, Clock clock) {
        this.store = store;
        this.sender = sender;
        this.backoff = backoff;
        this.settings = settings;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.threads()), r -> daemon(r, "webhook-sender-" + count.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    void observe(DeliveryOutcome.Observer observer) {
        this.outcomes = observer;
    }

    @Override
    public void start() {
        long every = settings.pollEvery().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        poller.shutdown();
        poller.awaitTermination(5, TimeUnit.SECONDS);
        senders.shutdown();
        if (!senders.awaitTermination(settings.lease().toMillis(), TimeUnit.MILLISECONDS)) {
            senders.shutdownNow();
        }
    }

    private void poll() {
        int room = settings.threads() * 2 - busy.get();
        if (room <= 0) {
            return;
        }
        try {
            List<Delivery> due = store.claim(clock.instant(), settings.lease(), room);
            for (Delivery delivery : due) {
                busy.incrementAndGet();
                senders.execute(() -> attempt(delivery));
            }
            claimFailing = false;
        } catch (RuntimeException e) {
            if (!claimFailing) {
                LOG.warn("Webhooks: cannot claim due deliveries now (tried again every poll): {}", e.getMessage());
            }
            claimFailing = true;
        }
    }

    private void attempt(Delivery delivery) {
        try {
            Optional<Subscription> webhook = store.subscription(delivery.webhookId());
            if (webhook.isEmpty()) {
                return;
            }
            Optional<String> error = sender.send(webhook.get(), delivery);
            store.save(next(delivery, error));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Webhooks: delivery {} could not be kept; it is attempted again after its lease", delivery.eventId(), e);
        } finally {
            busy.decrementAndGet();
        }
    }

    private Delivery next(Delivery delivery, Optional<String> error) {
        java.time.Instant now = clock.instant();
        if (error.isEmpty()) {
            outcomes.attempted(DeliveryOutcome.DELIVERED);
            return delivery.delivered(now);
        }
        if (delivery.attempts() + 1 < settings.maxAttempts()) {
            outcomes.attempted(DeliveryOutcome.RETRIED);
            return delivery.retryAt(now.plus(backoff.before(delivery.attempts() + 1)), error.get(), now);
        }
        outcomes.attempted(DeliveryOutcome.FAILED);
        Audit.record("webhook-delivery", "failed", "webhook_id", delivery.webhookId(), "event_id", delivery.eventId(),
                "node_id", delivery.nodeId(), "attempts", delivery.attempts() + 1, "last_error", error.get());
        return delivery.failed(error.get(), now);
    }
}
