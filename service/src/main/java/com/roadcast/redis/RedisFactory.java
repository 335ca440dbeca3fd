package com.roadcast.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.util.JedisURIHelper;
import org.jspecify.annotations.Nullable;

/**
 * {@code redis:} settings. One setting, {@code url}, switches the shared state (observation window, and in
 * later features cache, limits and keys) from in-process to Redis; unset or empty means embedded.
 */
public final class RedisFactory {
    private static final String SENTINEL_SCHEME = "redis-sentinel://";
    /**
     * e.g. {@code redis://127.0.0.1:6379/0}, or a Sentinel set
     * {@code redis-sentinel://127.0.0.1:26379,127.0.0.1:26380/mymaster}; empty: no Redis.
     */
    @JsonProperty
    private @Nullable String url;

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
    /**
     * The instance's Redis when {@code url} is set (connection and events channel, both managed, and the
     * {@code redis} health check), else the embedded link.
     */
    public RedisLink build(Environment environment, Clock clock) {
        if (!isEnabled()) {
            return RedisLink.embedded(keyPrefix);
        }
        RedisGuard guard = connect(clock);
        environment.lifecycle().manage(new io.dropwizard.lifecycle.Managed() {
            @Override
            public void stop() {
                guard.close();
            }
        });
        RedisEvents events = new RedisEvents(guard, keyPrefix);
        environment.lifecycle().manage(events);
        environment.healthChecks().register("redis", new RedisHealthCheck(guard));
        return new RedisLink(Optional.of(guard), keyPrefix, Optional.of(events));
    }

    /**
     * A guarded, pooled client for {@link #url}; the caller closes it. {@code redis://host:port/db} names
     * one server; {@code redis-sentinel://host:port,host:port/master[/db]} a Sentinel set, whose current
     * primary the client follows through failovers (writes then wait for one replica to acknowledge).
     */
    public RedisGuard connect(Clock clock) {
        String text = Objects.requireNonNull(url, "redis.url is not set").trim();
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(java.time.Duration.ofMillis(timeout.toMilliseconds()));
        pool.setTestWhileIdle(true);
        return text.startsWith(SENTINEL_SCHEME) ? sentinel(text, pool, clock) : single(text, pool, clock);
    }

    private RedisGuard single(String text, GenericObjectPoolConfig<Connection> pool, Clock clock) {
        URI uri = URI.create(text);
        if (!JedisURIHelper.isValid(uri)) {
            throw new IllegalArgumentException("redis.url must look like redis://host:port/db or "
                    + SENTINEL_SCHEME + "host:port,host:port/master, got " + uri.getScheme() + "://...");
        }
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        int db = JedisURIHelper.getDBIndex(uri);
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        boolean ssl = JedisURIHelper.isRedisSSLScheme(uri);
        JedisClientConfig config = clientConfig(db, user, password, ssl, (int) timeout.toMilliseconds());
        JedisClientConfig subscriber = clientConfig(db, user, password, ssl, 0);
        RedisClient client = RedisClient.builder().hostAndPort(address).clientConfig(config).poolConfig(pool).build();
        return new RedisGuard(client, () -> List.of(client.getPool()), () -> new Jedis(address, subscriber), 0, 0,
                retryAfter.toJavaDuration(), clock);
    }

    private RedisGuard sentinel(String text, GenericObjectPoolConfig<Connection> pool, Clock clock) {
        String rest = text.substring(SENTINEL_SCHEME.length());
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String[] credentials = rest.substring(0, at).split(":", 2);
            user = credentials.length == 2 && !credentials[0].isEmpty() ? credentials[0] : null;
            password = credentials[credentials.length - 1];
            rest = rest.substring(at + 1);
        }
        String[] parts = rest.split("/");
        if (parts.length < 2 || parts[1].isBlank()) {
            throw new IllegalArgumentException("redis.url must name the master: " + SENTINEL_SCHEME + "host:port,host:port/master");
        }
        Set<HostAndPort> sentinels = new LinkedHashSet<>();
        for (String hostPort : parts[0].split(",")) {
            sentinels.add(HostAndPort.from(hostPort.trim()));
        }
        int db = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
        JedisClientConfig config = clientConfig(db, user, password, false, (int) timeout.toMilliseconds());
        JedisClientConfig subscriber = clientConfig(db, user, password, false, 0);
        RedisSentinelClient client = RedisSentinelClient.builder()
                .masterName(parts[1])
                .sentinels(sentinels)
                .clientConfig(config)
                .sentinelClientConfig(clientConfig(0, null, null, false, 0))
                .poolConfig(pool)
                .build();
        return new RedisGuard(client, () -> List.copyOf(client.getPrimaryNodesConnectionMap().values()), () -> new Jedis(client.getCurrentMaster(), subscriber), 1,
                timeout.toMilliseconds() / 2, retryAfter.toJavaDuration(), clock);
    }

    /** Connects within the timeout; reads wait {@code readMillis} (0: forever, for subscriptions). */
    private JedisClientConfig clientConfig(int db, @Nullable String user, @Nullable String password, boolean ssl,
            int readMillis) {
        int millis = (int) timeout.toMilliseconds();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(readMillis)
                .blockingSocketTimeoutMillis(readMillis)
                .database(db)
                .ssl(ssl)
                .clientName("roadcast");
        if (password != null) {
            config.user(user).password(password);
        }
        return config.build();
    }
}
