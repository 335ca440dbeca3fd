package com.roadcast.redis;

import com.codahale.metrics.health.HealthCheck;

/** Pings Redis through the guard: unhealthy means degraded (in-process fallbacks serve), not down. */
public final class RedisHealthCheck extends HealthCheck {
    private final RedisGuard redis;

    public RedisHealthCheck(RedisGuard redis) {
        this.redis = redis;
    }

    @Override
    protected Result check() {
        try {
            redis.call(client -> client.ping());
            return Result.healthy("Redis answers");
        } catch (RedisUnavailableException e) {
            return Result.unhealthy("degraded: %s; serving from in-process state", e.getMessage());
        }
    }
}
