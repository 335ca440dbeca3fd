package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestKeys;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Both key stores keep a key's allow list, as another reader sees it, through rotation and revocation. */
@Timeout(60)
class AllowListStoresIT {
    private static final List<String> BLOCKS = List.of("203.0.113.0/24", "2001:db8:7::/48");

    @TempDir
    Path temp;

    private static void keepsTheList(ApiKeyStore writer, ApiKeyStore reader) {
        ApiKey limited = writer.create("depot", "standard", Role.READ, new KeyOptions(BLOCKS, false)).key();
        ApiKey open = writer.create("anywhere", "standard", Role.READ).key();
        reader.reload();
        assertThat(reader.find(limited.id()).orElseThrow().allowCidrs()).isEqualTo(BLOCKS);
        assertThat(reader.find(open.id()).orElseThrow().allowCidrs()).as("no list: from anywhere").isNull();
        ApiPrincipal principal = new ApiKeyAuthenticator(reader, Duration.ofMillis(1), Clock.systemUTC())
                .authenticate(writer.rotate(limited.id(), Duration.ofHours(1)).orElseThrow().token()).orElseThrow();
        assertThat(principal.usableFrom("203.0.113.200")).isTrue();
        assertThat(principal.usableFrom("2001:db8:7:ffff::1")).isTrue();
        assertThat(principal.usableFrom("203.0.114.1")).isFalse();
        assertThat(principal.usableFrom("2001:db8:8::1")).isFalse();
        writer.revoke(limited.id());
        reader.reload();
        assertThat(reader.find(limited.id()).orElseThrow().allowCidrs()).as("kept for the audit after a revoke").isEqualTo(BLOCKS);
    }

    @Test
    void theFileStoreKeepsTheList() {
        Path file = temp.resolve("keys.json");
        keepsTheList(new FileKeyStore(file, Clock.systemUTC()), new FileKeyStore(file, Clock.systemUTC()));
    }

    @Test
    void theRedisStoreKeepsTheList() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestKeys.RedisStore writer = TestKeys.redis(redis.url());
                TestKeys.RedisStore reader = TestKeys.redis(redis.url())) {
            keepsTheList(writer.store(), reader.store());
        }
    }
}
