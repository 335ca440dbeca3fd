package com.roadcast.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import com.roadcast.web.RequestRefused;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in a Redis hash (id to JSON, hashes only), shared by every instance: a key made or revoked
 * anywhere is seen everywhere at once, and a {@value #CHANGED_EVENT} event makes instances drop cached
 * verdicts. While Redis is unreachable, lookups answer from the keys this instance last read; a key it has not
 * read is answered 503 (it may well be valid: never 401, which would count against the caller's address), and when
 * Redis comes back empty (restarted without persistence) those keys are put back. Redis should still
 * persist this hash (AOF) and be backed up: keys no instance has used since its start are only there.
 */
public final class RedisKeyStore extends KeyStoreBase {
    public static final String CHANGED_EVENT = "keys-changed";
    private final RedisGuard redis;
    private final String hash;
    private final RedisEvents events;
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final Map<String, ApiKey> lastSeen = new ConcurrentHashMap<>();

    public RedisKeyStore(RedisGuard redis, String keyPrefix, RedisEvents events, Clock clock) {
        super(clock);
        this.redis = redis;
        this.hash = keyPrefix + "keys";
        this.events = events;
    }

    @Override
    public Optional<ApiKey> find(String id) {
        try {
            String json = redis.call(client -> client.hget(hash, id));
            if (json == null && lastSeen.containsKey(id)) {
                restoreLost();
                json = redis.call(client -> client.hget(hash, id));
            }
            if (json == null) {
                lastSeen.remove(id);
                return Optional.empty();
            }
            ApiKey key = parse(json);
            lastSeen.put(id, key);
            return Optional.of(key);
        } catch (RedisUnavailableException e) {
            ApiKey seen = lastSeen.get(id);
            if (seen == null) {
                throw RequestRefused.unavailable("the key cannot be checked now: the key store is unavailable; retry");
            }
            return Optional.of(seen);
        }
    }

    /**
     * Keys are revoked, never deleted, so a key this instance has seen that Redis no longer holds was lost
     * (a restart without its data): put back every key seen here, without overwriting what another
     * instance or thread restored or changed meanwhile. Whether the hash exists says nothing: another
     * restorer may have begun putting back its own keys.
     */
    private void restoreLost() {
        for (ApiKey key : lastSeen.values()) {
            String json = write(key);
            redis.call(client -> client.hsetnx(hash, key.id(), json));
        }
    }

    @Override
    public List<ApiKey> list() {
        try {
            return redis.call(client -> client.hgetAll(hash)).values().stream().map(this::parse).toList();
        } catch (RedisUnavailableException e) {
            return List.copyOf(lastSeen.values());
        }
    }

    @Override
    protected void save(ApiKey key) {
        String json = write(key);
        redis.call(client -> client.hset(hash, key.id(), json));
        lastSeen.put(key.id(), key);
        events.publish(CHANGED_EVENT, key.id());
    }

    @Override
    public void reload() {
        lastSeen.clear();
    }

    @Override
    public String describe() {
        return "Redis hash " + hash;
    }

    private String write(ApiKey key) {
        try {
            return mapper.writeValueAsString(key);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiKey parse(String json) {
        try {
            return mapper.readValue(json, ApiKey.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
