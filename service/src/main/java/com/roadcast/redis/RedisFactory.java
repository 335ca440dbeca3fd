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
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import org.jspecify.annotations.Nullable;

/**
 * {@code redis:} settings. One setting, {@code url}, switches the shared state (observation window, and in
 * later features cache, limits and keys) from in-process to Redis; unset or empty means embedded.
 */
public final class RedisFactory {
    /**
     * e.g. {@code redis://roadcast:PASSWORD@127.0.0.1:6379/0}, {@code rediss://...} over TLS, or a Sentinel
     * set {@code redis-sentinel://roadcast:PASSWORD@127.0.0.1:26379,127.0.0.1:26380/mymaster}; empty: no
     * Redis. Forms: {@link RedisAddress}.
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

    /**
     * For {@code rediss://}: a PEM file of the certificates (a CA's, or the server's own) that may vouch for
     * Redis; unset: the JVM's trusted CAs. Either way the certificate must name the host in the URL.
     */
    @JsonProperty
    private java.nio.file.@Nullable Path trustedCertificates;

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
     * {@code rediss} instead of {@code redis}: TLS, the server's name checked against its certificate.
     */
    public RedisGuard connect(Clock clock) {
        RedisAddress address = RedisAddress.parse(Objects.requireNonNull(url, "redis.url is not set"));
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMaxWait(java.time.Duration.ofMillis(timeout.toMilliseconds()));
        pool.setTestWhileIdle(true);
        return address.sentinel() ? sentinel(address, pool, clock) : single(address, pool, clock);
    }

    private RedisGuard single(RedisAddress address, GenericObjectPoolConfig<Connection> pool, Clock clock) {
        HostAndPort server = address.hosts().get(0);
        JedisClientConfig config = clientConfig(address, (int) timeout.toMilliseconds());
        JedisClientConfig subscriber = clientConfig(address, 0);
        RedisClient client = RedisClient.builder().hostAndPort(server).clientConfig(config).poolConfig(pool).build();
        return new RedisGuard(client, () -> List.of(client.getPool()), () -> new Jedis(server, subscriber), 0, 0,
                retryAfter.toJavaDuration(), clock);
    }

    private RedisGuard sentinel(RedisAddress address, GenericObjectPoolConfig<Connection> pool, Clock clock) {
        JedisClientConfig subscriber = clientConfig(address, 0);
        RedisSentinelClient client = RedisSentinelClient.builder()
                .masterName(address.master())
                .sentinels(new LinkedHashSet<>(address.hosts()))
                .clientConfig(clientConfig(address, (int) timeout.toMilliseconds()))
                .sentinelClientConfig(clientConfig(new RedisAddress(address.hosts(), null, 0, null, null, address.tls()), 0))
                .poolConfig(pool)
                .build();
        return new RedisGuard(client, () -> List.copyOf(client.getPrimaryNodesConnectionMap().values()), () -> new Jedis(client.getCurrentMaster(), subscriber), 1,
                timeout.toMilliseconds() / 2, retryAfter.toJavaDuration(), clock);
    }

    /** Connects within the timeout; reads wait {@code readMillis} (0: forever, for subscriptions). */
    private JedisClientConfig clientConfig(RedisAddress address, int readMillis) {
        int millis = (int) timeout.toMilliseconds();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(readMillis)
                .blockingSocketTimeoutMillis(readMillis)
                .database(address.db())
                .clientName("roadcast");
        if (address.tls()) {
            config.ssl(true).sslParameters(RedisTls.checkingHostNames()).sslSocketFactory(RedisTls.trusting(trustedCertificates));
        }
        if (address.password() != null) {
            config.user(address.user()).password(address.password());
        }
        return config.build();
    }
}
