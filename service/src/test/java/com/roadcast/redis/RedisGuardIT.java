package com.roadcast.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** A busy connection pool is not a Redis outage: the waiting call gives up, nothing else degrades. */
@Timeout(60)
class RedisGuardIT {

    @Test
    void aCallThatFindsEveryConnectionBusyFailsAloneAndRedisStaysInUse() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(1);
            pool.setMaxWait(Duration.ofMillis(200));
            HostAndPort address = new HostAndPort("127.0.0.1", server.port());
            RedisClient client = RedisClient.builder().hostAndPort(address)
                    .clientConfig(server.serviceLogin().timeoutMillis(1000).build()).poolConfig(pool).build();
            RedisGuard guard = new RedisGuard(client, () -> List.of(client.getPool()), () -> new Jedis(address, server.serviceLogin().build()), 0, 0,
                    Duration.ofSeconds(10), Clock.systemUTC());
            try {
                assertThat(guard.<String>call(c -> c.ping())).isEqualTo("PONG");
                try (Connection taken = client.getPool().getResource()) {
                    assertThat(taken.isConnected()).isTrue();
                    assertThatThrownBy(() -> guard.call(c -> c.ping()))
                            .isInstanceOf(RedisUnavailableException.class)
                            .hasMessageContaining("no Redis connection free");
                }
                assertThat(guard.<String>call(c -> c.ping()))
                        .as("not rested for retryAfter (10 s), as after a real failure").isEqualTo("PONG");

                server.kill();
                assertThatThrownBy(() -> guard.call(c -> c.ping())).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> guard.call(c -> c.ping()))
                        .as("a real failure rests Redis for retryAfter").isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("unavailable since");
            } finally {
                guard.close();
            }
        }
    }
}
