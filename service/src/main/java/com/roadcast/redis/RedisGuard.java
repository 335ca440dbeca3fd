package com.roadcast.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.Pool;
import org.jspecify.annotations.Nullable;

/**
 * The one way this service talks to Redis. After a failure, calls fail at once for a short pause instead
 * of each waiting out a timeout, so a dead or hung Redis costs requests nothing; the first call after the
 * pause tries again, which is how the service reconnects by itself.
 */
public final class RedisGuard {
    private static final Logger LOG = LoggerFactory.getLogger(RedisGuard.class);
    private final UnifiedJedis client;
    private final Supplier<Collection<Pool<Connection>>> pools;
    private final Supplier<Jedis> subscriber;
    private final int replicasToAwait;
    private final long replicationWaitMillis;
    private final Duration pause;
    private final Clock clock;
    private volatile @Nullable Instant failedAt;
    private volatile @Nullable String lastError;
    private volatile Observer observer = Observer.NONE;

    /** Told about every call: how long it took and whether it worked, or that it was skipped (resting). */
    public interface Observer {
        Observer NONE = new Observer() {
            @Override
            public void completed(long nanos, boolean ok) {}

            @Override
            public void skipped() {}
        };

        void completed(long nanos, boolean ok);

        void skipped();
    }

    /**
     * @param replicasToAwait replicas that must acknowledge a write before {@link #awaitReplication}
     *     returns (0 for a single server)
     */
    public RedisGuard(UnifiedJedis client, Supplier<Collection<Pool<Connection>>> pools, Supplier<Jedis> subscriber,
            int replicasToAwait, long replicationWaitMillis, Duration pause, Clock clock) {
        this.client = client;
        this.pools = pools;
        this.subscriber = subscriber;
        this.replicasToAwait = replicasToAwait;
        this.replicationWaitMillis = replicationWaitMillis;
        this.pause = pause;
        this.clock = clock;
    }

    public void observe(Observer callObserver) {
        this.observer = callObserver;
    }

    /** Runs one idempotent operation; throws {@link RedisUnavailableException} when Redis is down or resting. */
    public <T> T call(Function<UnifiedJedis, T> operation) {
        return call(operation, true);
    }

    /**
     * Runs one operation; {@code retryable} false for one that must not run twice (an append), which is
     * then never retried on a fresh connection.
     */
    public <T> T call(Function<UnifiedJedis, T> operation, boolean retryable) {
        Instant failed = failedAt;
        if (failed != null && clock.instant().isBefore(failed.plus(pause))) {
            observer.skipped();
            throw new RedisUnavailableException("Redis unavailable since " + failed + ": " + lastError, null);
        }
        long start = System.nanoTime();
        try {
            T result = retryable ? runOnce(operation) : operation.apply(client);
            observer.completed(System.nanoTime() - start, true);
            if (failedAt != null) {
                LOG.info("Redis is back after failing at {}", failedAt);
                failedAt = null;
            }
            return result;
        } catch (JedisException e) {
            observer.completed(System.nanoTime() - start, false);
            if (poolExhausted(e)) {
                // every connection was busy for the whole timeout: this call gives up, but Redis answers,
                // so nothing else is sent to in-process state
                throw new RedisUnavailableException("no Redis connection free within the timeout", e);
            }
            if (failedAt == null) {
                LOG.warn("Redis failed, degrading to in-process state: {}", e.getMessage());
            }
            lastError = e.getMessage();
            failedAt = clock.instant();
            throw new RedisUnavailableException("Redis failed: " + e.getMessage(), e);
        }
    }

    /** The pool had no idle connection within its wait and none could be added (not: one could not be made). */
    private static boolean poolExhausted(JedisException e) {
        return e.getCause() instanceof java.util.NoSuchElementException waited && waited.getCause() == null;
    }

    /**
     * A pooled connection found dead (Redis restarted: every pooled connection is) gets the idle ones
     * dropped and one more try on a fresh connection, so a restart costs no request an error. A timeout
     * is not retried: the command may have run, and scripts that append must not run twice.
     */
    private <T> T runOnce(Function<UnifiedJedis, T> operation) {
        try {
            return operation.apply(client);
        } catch (JedisConnectionException broken) {
            if (broken.getCause() instanceof java.net.SocketTimeoutException) {
                throw broken;
            }
            pools.get().forEach(Pool::clear);
            return operation.apply(client);
        }
    }

    /**
     * With replicas (a Sentinel set), waits until they hold the writes made so far, so a failover right
     * after cannot lose what was acknowledged; false when they did not confirm within the timeout.
     */
    public boolean awaitReplication(String key) {
        if (replicasToAwait == 0) {
            return true;
        }
        return call(c -> c.waitReplicas(key, replicasToAwait, Math.max(1, replicationWaitMillis))) >= replicasToAwait;
    }

    /** Connections of the pool (all pools: one per primary) in use, idle, and callers waiting for one. */
    public record PoolStats(int active, int idle, int waiters) {}

    public PoolStats poolStats() {
        int active = 0;
        int idle = 0;
        int waiters = 0;
        for (Pool<Connection> pool : pools.get()) {
            active += pool.getNumActive();
            idle += pool.getNumIdle();
            waiters += pool.getNumWaiters();
        }
        return new PoolStats(active, idle, waiters);
    }

    /** A new dedicated connection without a read timeout, for a pub/sub subscription. */
    Jedis newSubscriber() {
        return subscriber.get();
    }

    public void close() {
        client.close();
    }
}
