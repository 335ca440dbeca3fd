package com.roadcast.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Webhooks, their open congestion episodes and their deliveries: in Redis (shared by every instance) or, with
 * no Redis, in a file. Each method is one atomic step, so instances never deliver an event twice at once.
 */
interface WebhookStore {

    void add(Subscription subscription);

    List<Subscription> subscriptions();

    Optional<Subscription> subscription(String id);

    /** Removes a webhook with its episodes and deliveries; false when there was none. */
    boolean remove(String id);

    /**
     * Opens an episode for the delivery's webhook and node and queues the delivery, unless an episode is
     * open there already (or the webhook is gone): then nothing changes and the answer is false.
     */
    boolean openEpisode(Delivery first);

    /** Closes the webhook's episode for the node, if one is open (its forecasts recovered). */
    void closeEpisode(String webhookId, String nodeId);

    /** Up to {@code max} deliveries due by {@code now}, each leased to the caller until {@code now + lease}. */
    List<Delivery> claim(Instant now, Duration lease, int max);

    /** Keeps a delivery's new state: due again at its next attempt while pending, else off the queue. */
    void save(Delivery delivery);

    /** The webhook's most recent deliveries, newest first. */
    List<Delivery> recent(String webhookId);

    /** Deliveries waiting for a (first or further) attempt, over all webhooks. */
    long pending();
}
