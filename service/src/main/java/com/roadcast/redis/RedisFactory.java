package com.roadcast.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@code redis:} settings. One setting, {@code url}, switches the shared state (observation window, and in
 * later features cache, limits and keys) from in-process to Redis; unset or empty means embedded.
 */
public final class RedisFactory {
    /** e.g. {@code redis://127.0.0.1:6379/0}; empty: no Redis. */
    @JsonProperty
    private String url;

    /** Connect and command timeout: short, so a hung Redis cannot hang requests. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration timeout = Duration.milliseconds(250);

    /** After a failure, how long calls skip Redis (and serve from the process) before trying again. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration retryAfter = Duration.seconds(1);

    @Min(1)
    @Max(1024)
    @JsonProperty
    private int maxConnections = 32;

    /** Prefix of every key this service writes, so several deployments can share one Redis. */
    @NotEmpty
    @JsonProperty
    private String keyPrefix = "roadcast:";

    public boolean isEnabled() {
        return url != null && !url.isBlank();
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** The guarded client, closed with the application, or empty when Redis is not configured. */
    public Optional<RedisGuard> build(LifecycleEnvironment lifecycle, Clock clock) {
        if (!isEnabled()) {
            return Optional.empty();
        }
        RedisGuard guard = connect(clock);
        lifecycle.manage(new io.dropwizard.lifecycle.Managed() {
            @Override
            public void stop() {
                guard.close();
            }
        });
        return Optional.of(guard);
    }

    /** A guarded, pooled client for {@link #url}; the caller closes it. */
    public RedisGuard connect(Clock clock) {
        URI uri = URI.create(url.trim());
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("redis.url must look like redis://host:port/db, got " + uri.getScheme() + "://...");
        }
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        JedisClientConfig config = clientConfig(uri, (int) timeout.toMilliseconds());
        JedisClientConfig subscriber = clientConfig(uri, 0);
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(java.time.Duration.ofMillis(timeout.toMilliseconds()));
        pool.setTestWhileIdle(true);
        RedisClient client = RedisClient.builder().hostAndPort(address).clientConfig(config).poolConfig(pool).build();
        return new RedisGuard(client, () -> new Jedis(address, subscriber), retryAfter.toJavaDuration(), clock);
    }

    /** Connects within the timeout; reads wait {@code readMillis} (0: forever, for subscriptions). */
    private JedisClientConfig clientConfig(URI uri, int readMillis) {
        int millis = (int) timeout.toMilliseconds();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(readMillis)
                .blockingSocketTimeoutMillis(readMillis)
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("roadcast");
        if (JedisURIHelper.getPassword(uri) != null) {
            config.user(JedisURIHelper.getUser(uri)).password(JedisURIHelper.getPassword(uri));
        }
        return config.build();
    }
}
