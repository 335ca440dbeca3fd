package com.roadcast.auth;

import com.roadcast.audit.AuditFactory;
import com.roadcast.ratelimit.RateLimitFactory;
import com.roadcast.redis.RedisFactory;

/** A configuration with {@code auth:} and {@code rateLimits:} sections, so the keys command works on it. */
public interface KeysConfiguration {
    AuthFactory getAuth();

    RateLimitFactory getRateLimits();

    AuditFactory getAudit();

    RedisFactory getRedis();
}
