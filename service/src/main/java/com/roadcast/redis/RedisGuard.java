package com.roadcast.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The one way this service talks to Redis. After a failure, calls fail at once for a short pause instead
 * of each waiting out a timeout, so a dead or hung Redis costs requests nothing; the first call after the
 * pause tries again, which is how the service reconnects by itself. Health checks read its state.
 */
public final class RedisGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);
    private final RedisClient client;
    private final Supplier<Jedis> subscriber;
    private final Duration pause;
    private final Clock clock;
    private volatile Instant failedAt;
    private volatile String lastError;

    public RedisGuard(RedisClient client, Supplier<Jedis> subscriber, Duration pause, Clock clock) {
        this.client = client;
        this.subscriber = subscriber;
        this.pause = pause;
        this.clock = clock;
    }

    /** Runs one operation; throws {@link RedisUnavailableException} when Redis is down or resting. */
    public <T> T call(Function<UnifiedJedis, T> operation) {
        Instant failed = failedAt;
        if (failed != null && clock.instant().isBefore(failed.plus(pause))) {
            throw new RedisUnavailableException("Redis unavailable since " + failed + ": " + lastError, null);
        }
        try {
            T result = runOnce(operation);
            if (failedAt != null) {
                LOG.info("Redis is back after failing at {}", failedAt);
                failedAt = null;
            }
            return result;
        } catch (JedisException e) {
            if (failedAt == null) {
                LOG.warn("Redis failed, degrading to in-process state: {}", e.getMessage());
            }
            lastError = e.getMessage();
            failedAt = clock.instant();
            throw new RedisUnavailableException("Redis failed: " + e.getMessage(), e);
        }
    }

    /**
     * A connection that breaks (Redis restarted: every pooled connection is dead) gets the idle ones
     * dropped and one more try on a fresh connection, so a restart costs no request an error.
     */
    private <T> T runOnce(Function<UnifiedJedis, T> operation) {
        try {
            return operation.apply(client);
        } catch (JedisConnectionException broken) {
            client.getPool().clear();
            return operation.apply(client);
        }
    }

    /** When the last failure happened, if Redis has not answered since. */
    public Optional<Instant> downSince() {
        return Optional.ofNullable(failedAt);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(failedAt == null ? null : lastError);
    }

    /** A new dedicated connection without a read timeout, for a pub/sub subscription. */
    Jedis newSubscriber() {
        return subscriber.get();
    }

    public void close() {
        client.close();
    }
}
