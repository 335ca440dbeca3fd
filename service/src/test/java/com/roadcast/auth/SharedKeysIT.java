package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TestKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With redis.url set, keys live in Redis: made, rotated and revoked on one side, seen on every instance. */
@Timeout(120)
class SharedKeysIT {
    @TempDir
    Path temp;

    @Test
    void keysAreSharedAndRotationAndRevocationReachEveryInstanceWithinASecond() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestApp a = TestApp.withRedis(redis, temp.resolve("a.json"));
                TestApp b = TestApp.withRedis(redis, temp.resolve("b.json"));
                TestKeys.RedisStore operator = TestKeys.redis(redis.url())) {
            ApiKeyStore.Created created = operator.store().create("shared", "standard", Role.READ);
            assertThat(a.client(created.token()).get("/v1/model").status()).isEqualTo(200);
            assertThat(b.client(created.token()).get("/v1/model").status()).isEqualTo(200);

            Optional<ApiKeyStore.Created> rotated = operator.store().rotate(created.key().id(), Duration.ofSeconds(2));
            assertThat(rotated).isPresent();
            ApiClient newOnB = b.client(rotated.get().token());
            assertThat(newOnB.get("/v1/model").status()).isEqualTo(200);
            assertThat(b.client(created.token()).get("/v1/model").status()).as("old secret within grace").isEqualTo(200);
            Eventually.within(Duration.ofSeconds(3), () ->
                    assertThat(a.client(created.token()).get("/v1/model").status()).as("old secret after grace").isEqualTo(401));

            assertThat(operator.store().revoke(created.key().id())).isTrue();
            Eventually.within(Duration.ofSeconds(1), () -> {
                assertThat(a.client(rotated.get().token()).get("/v1/model").status()).isEqualTo(401);
                assertThat(newOnB.get("/v1/model").status()).isEqualTo(401);
            });
        }
    }

    @Test
    void aValidKeyIsNeverRefusedAsUnknownWhileRedisIsDown() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestApp a = TestApp.withRedis(redis, temp.resolve("a.json"), "redis.timeout", "300ms");
                TestApp b = TestApp.withRedis(redis, temp.resolve("b.json"), "redis.timeout", "300ms");
                TestKeys.RedisStore operator = TestKeys.redis(redis.url())) {
            String token = operator.store().create("seen-on-a-only", "standard", Role.READ).token();
            assertThat(a.client(token).get("/v1/model").status()).isEqualTo(200);

            redis.pause();
            try {
                assertThat(a.client(token).get("/v1/model").status()).as("a key this instance has read").isEqualTo(200);
                ApiClient.Reply onB = b.client(token).get("/v1/model");
                assertThat(onB.status()).as("a key this instance cannot check: not 401").isEqualTo(503);
                assertThat(onB.json().path("message").asText()).contains("key store is unavailable");
                assertThat(b.client("rc_aaaaaaaaaa_" + "A".repeat(43)).get("/v1/model").status())
                        .as("nor can it tell an unknown key from a valid one").isEqualTo(503);
            } finally {
                redis.resume();
            }
            Eventually.within(Duration.ofSeconds(10), () ->
                    assertThat(b.client(token).get("/v1/model").status()).as("once Redis is back").isEqualTo(200));
        }
    }
}
