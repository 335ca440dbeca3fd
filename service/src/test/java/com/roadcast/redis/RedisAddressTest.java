package com.roadcast.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/** redis.url's forms: who logs in where, over TLS or not; no error and no text form repeats the password. */
class RedisAddressTest {

    @Test
    void oneServerWithUserPasswordAndDatabase() {
        RedisAddress address = RedisAddress.parse("redis://roadcast:s3cret@127.0.0.1:6380/2");
        assertThat(address).extracting(RedisAddress::hosts, RedisAddress::db, RedisAddress::user, RedisAddress::password,
                RedisAddress::tls, RedisAddress::sentinel).containsExactly(List.of(new HostAndPort("127.0.0.1", 6380)), 2,
                "roadcast", "s3cret", false, false);
        assertThat(address.toString()).isEqualTo("redis://roadcast:[REDACTED]@127.0.0.1:6380/2");
    }

    @Test
    void tlsPercentEncodedPasswordAndDefaults() {
        RedisAddress address = RedisAddress.parse(" rediss://:p%40ss%2Fw+rd@redis.internal ");
        assertThat(address.tls()).isTrue();
        assertThat(address.user()).isNull();
        assertThat(address.password()).isEqualTo("p@ss/w+rd");
        assertThat(address.hosts()).containsExactly(new HostAndPort("redis.internal", 6379));
        assertThat(address.db()).isZero();
        assertThat(RedisAddress.parse("redis://[::1]:7000/1").hosts()).containsExactly(new HostAndPort("::1", 7000));
    }

    @Test
    void sentinelSetsWithCredentialsAndTls() {
        RedisAddress address = RedisAddress.parse("rediss-sentinel://roadcast:pw@h1:26379,h2:26380/main/3");
        assertThat(address.sentinel()).isTrue();
        assertThat(address.tls()).isTrue();
        assertThat(address.master()).isEqualTo("main");
        assertThat(address.db()).isEqualTo(3);
        assertThat(address.hosts()).containsExactly(new HostAndPort("h1", 26379), new HostAndPort("h2", 26380));
        assertThat(address.password()).isEqualTo("pw");
        assertThat(address.toString()).doesNotContain("pw@").startsWith("rediss-sentinel://roadcast:[REDACTED]@");
        assertThat(RedisAddress.parse("redis-sentinel://h1:26379/main").tls()).isFalse();
    }

    @Test
    void theFactoryRefusesAMalformedUrlWithoutRepeatingThePassword() throws Exception {
        RedisFactory factory = io.dropwizard.jackson.Jackson.newObjectMapper()
                .readValue("{\"url\":\"redis://roadcast:pa55 word@127.0.0.1:x/0\"}", RedisFactory.class);
        assertThatThrownBy(() -> factory.connect(java.time.Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55"));
    }

    @Test
    void malformedUrlsAreRefusedWithoutRepeatingThePassword() {
        for (String url : List.of("redis://roadcast:pa55^word@127.0.0.1:x/0", "http://roadcast:pa55^word@h/0",
                "redis://roadcast:pa55^word@h1:1,h2:2/0", "redis-sentinel://roadcast:pa55^word@h1:26379",
                "redis://roadcast:pa55^word@h/zero", "redis://roadcast:pa55%zzword@h/0", "roadcast:pa55^word@h")) {
            assertThatThrownBy(() -> RedisAddress.parse(url)).as(url).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("redis.url must look like")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pa55"));
        }
    }
}
