package com.roadcast.redis;

import java.util.Optional;

/**
 * The shared Redis an instance uses, when {@code redis.url} is set: its guarded connection, the prefix
 * of every key, and the one events channel of the instance. Empty for the embedded defaults.
 */
public record RedisLink(Optional<RedisGuard> guard, String keyPrefix, Optional<RedisEvents> events) {

    public static RedisLink embedded(String keyPrefix) {
        return new RedisLink(Optional.empty(), keyPrefix, Optional.empty());
    }

    public boolean present() {
        return guard.isPresent();
    }
}
