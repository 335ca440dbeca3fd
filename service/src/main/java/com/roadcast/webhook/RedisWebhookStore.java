package com.roadcast.webhook;

import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The store in Redis, shared by every instance: hash {@code webhooks} (id to JSON, secret included), per
 * webhook a hash of open episodes by node and a list of its recent event ids, hash
 * {@code webhooks:deliveries} (event id to JSON) and sorted set {@code webhooks:due} (event id by when it is
 * due, or leased until). Every change is one script, so a claim is atomic across instances.
 */
final class RedisWebhookStore implements WebhookStore {
    private static final RedisScript OPEN = RedisScript.load(RedisWebhookStore.class, "open-episode.lua");
    private static final RedisScript CLAIM = RedisScript.load(RedisWebhookStore.class, "claim.lua");
    private static final RedisScript SAVE = RedisScript.load(RedisWebhookStore.class, "save.lua");
    private static final RedisScript REMOVE = RedisScript.load(RedisWebhookStore.class, "remove.lua");
    private final RedisGuard redis;
    private final String prefix;
    private final String webhooks;
    private final String deliveries;
    private final String due;
    private final int keep;

    RedisWebhookStore(RedisGuard redis, String keyPrefix, int keep) {
        this.redis = redis;
        this.prefix = keyPrefix + "webhooks:";
        this.webhooks = keyPrefix + "webhooks";
        this.deliveries = prefix + "deliveries";
        this.due = prefix + "due";
        this.keep = keep;
    }

    private String episodes(String id) {
        return prefix + "episodes:" + id;
    }

    private String recentOf(String id) {
        return prefix + "recent:" + id;
    }

    @Override
    public void add(Subscription subscription) {
        redis.call(c -> c.hset(webhooks, subscription.id(), StoredJson.write(subscription)));
    }

    @Override
    public List<Subscription> subscriptions() {
        return redis.call(c -> c.hvals(webhooks)).stream().map(json -> StoredJson.read(json, Subscription.class))
                .sorted(java.util.Comparator.comparing(Subscription::createdAt)).toList();
    }

    @Override
    public Optional<Subscription> subscription(String id) {
        return Optional.ofNullable(redis.call(c -> c.hget(webhooks, id))).map(json -> StoredJson.read(json, Subscription.class));
    }

    @Override
    public boolean remove(String id) {
        List<String> keys = List.of(webhooks, recentOf(id), deliveries, due, episodes(id));
        return ((Long) redis.call(c -> REMOVE.run(c, keys, List.of(id)))) == 1L;
    }

    @Override
    public boolean openEpisode(Delivery first) {
        String id = first.webhookId();
        List<String> keys = List.of(webhooks, episodes(id), deliveries, due, recentOf(id));
        List<String> args = List.of(id, first.nodeId(), first.eventId(), StoredJson.write(first),
                Long.toString(first.createdAt().toEpochMilli()), Integer.toString(keep));
        return ((Long) redis.call(c -> OPEN.run(c, keys, args), false)) == 1L;
    }

    @Override
    public void closeEpisode(String webhookId, String nodeId) {
        redis.call(c -> c.hdel(episodes(webhookId), nodeId));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<Delivery> claim(Instant now, Duration lease, int max) {
        List<String> args = List.of(Long.toString(now.toEpochMilli()), Long.toString(now.plus(lease).toEpochMilli()),
                Integer.toString(max));
        List<String> claimed = (List<String>) redis.call(c -> CLAIM.run(c, List.of(due, deliveries), args), false);
        return claimed.stream().map(json -> StoredJson.read(json, Delivery.class)).toList();
    }

    @Override
    public void save(Delivery delivery) {
        Instant next = delivery.nextAttemptAt();
        List<String> args = List.of(delivery.eventId(), StoredJson.write(delivery),
                next == null ? "" : Long.toString(next.toEpochMilli()));
        redis.call(c -> SAVE.run(c, List.of(deliveries, due), args));
    }

    @Override
    public List<Delivery> recent(String webhookId) {
        List<String> ids = redis.call(c -> c.lrange(recentOf(webhookId), 0, -1));
        if (ids.isEmpty()) {
            return List.of();
        }
        return redis.call(c -> c.hmget(deliveries, ids.toArray(String[]::new))).stream().filter(Objects::nonNull)
                .map(json -> StoredJson.read(json, Delivery.class)).toList();
    }

    @Override
    public long pending() {
        return redis.call(c -> c.zcard(due));
    }
}
