package com.roadcast.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in a Redis hash (id to JSON, hashes only), shared by every instance: a key made or revoked
 * anywhere is seen everywhere at once, and a {@value #CHANGED_EVENT} event makes instances drop cached
 * verdicts. While Redis is unreachable, lookups answer from the keys this instance last read, and when
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
                restoreIfLost();
                json = redis.call(client -> client.hget(hash, id)); // read again: another instance may have restored it
            }
            if (json == null) {
                lastSeen.remove(id);
                return Optional.empty();
            }
            ApiKey key = parse(json);
            lastSeen.put(id, key);
            return Optional.of(key);
        } catch (RedisUnavailableException e) {
            return Optional.ofNullable(lastSeen.get(id));
        }
    }

    /**
     * A Redis restarted without its data has no key hash at all: put back every key this instance has
     * seen (without overwriting what another instance restored or changed meanwhile).
     */
    private void restoreIfLost() {
        if (redis.call(client -> client.exists(hash))) {
            return;
        }
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
