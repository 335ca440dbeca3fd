package com.roadcast.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.testing.RedisServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The Redis every Redis IT runs on is production's (redis/roadcast.conf and the ACL deploy/redis-acl.sh
 * writes), and its ACL is real: the service's user reaches its own keys and channel with its own commands
 * and nothing else; without a login Redis answers nothing; a restart replays every write, Lua scripts'
 * included (Redis 7.0 replays them as the default user, whose permissions the ACL therefore keeps).
 */
@Timeout(60)
class RedisAclIT {
    @RegisterExtension
    static final RedisServer.Extension REDIS = RedisServer.perClass();

    @Test
    void theServiceUserReachesOnlyItsPrefixChannelAndCommands() {
        try (Jedis service = new Jedis(address(), REDIS.server().serviceLogin().timeoutMillis(2000).build())) {
            assertThat(service.set("roadcast:acl-probe", "mine")).isEqualTo("OK");
            assertThat(service.get("roadcast:acl-probe")).isEqualTo("mine");
            assertThat(service.publish("roadcast:events", "x")).isZero();

            assertRefused(() -> service.get("other:key"));
            assertRefused(() -> service.set("other:key", "v"));
            assertRefused(() -> service.publish("other:events", "x"));
            assertRefused(service::flushAll);
            assertRefused(service::flushDB);
            assertRefused(() -> service.keys("*"));
            assertRefused(() -> service.configGet("requirepass"));
            assertRefused(() -> service.configSet("appendonly", "no"));
            assertRefused(() -> service.aclList());
            assertRefused(service::shutdown);
            assertThatThrownBy(() -> service.eval("return redis.call('flushall')")).as("inside a script too")
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("can't run this command");
            assertThatThrownBy(() -> service.eval("return redis.call('get', KEYS[1])", List.of("other:key"), List.of()))
                    .isInstanceOf(JedisDataException.class).hasMessageContaining("no permissions to access one of the keys");
        }
    }

    @Test
    void withoutALoginRedisAnswersNothing() {
        try (Jedis anonymous = new Jedis(address(), redis.clients.jedis.DefaultJedisClientConfig.builder().timeoutMillis(2000).build())) {
            assertThatThrownBy(anonymous::ping).isInstanceOf(JedisDataException.class).hasMessageContaining("NOAUTH");
        }
    }

    @Test
    void productionSettingsApply() {
        try (Jedis operator = REDIS.server().operator(2000)) {
            Map<String, String> settings = operator.configGet("*");
            assertThat(settings).containsEntry("maxmemory-policy", "noeviction")
                    .containsEntry("maxmemory", Long.toString(512L * 1024 * 1024))
                    .containsEntry("protected-mode", "yes")
                    .containsEntry("appendonly", "yes")
                    .containsEntry("appendfsync", "everysec");
            assertThat(operator.aclList()).anySatisfy(user -> assertThat(user).startsWith("user default off"));
        }
    }

    @Test
    void aRestartKeepsWhatLuaScriptsWrote() throws Exception {
        try (RedisServer redis = RedisServer.start(List.of("--appendfsync", "always"))) {
            try (Jedis service = new Jedis(new HostAndPort("127.0.0.1", redis.port()), redis.serviceLogin().timeoutMillis(2000).build())) {
                service.eval("redis.call('zadd', KEYS[1], 1, 'step'); redis.call('set', KEYS[2], '1'); "
                        + "redis.call('pexpire', KEYS[2], 600000); return 1", List.of("roadcast:h", "roadcast:h:revision"), List.of());
                service.hset("roadcast:keys", "id", "{}");
            }
            redis.restartFromDisk();
            try (Jedis operator = redis.operator(2000)) {
                assertThat(new java.util.TreeSet<>(operator.keys("*"))).as("replayed from the AOF as the default user")
                        .containsExactly("roadcast:h", "roadcast:h:revision", "roadcast:keys");
                assertThat(operator.pttl("roadcast:h:revision")).isPositive();
            }
        }
    }

    private static HostAndPort address() {
        return new HostAndPort("127.0.0.1", REDIS.server().port());
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(JedisDataException.class).hasMessageContaining("NOPERM");
    }
}
