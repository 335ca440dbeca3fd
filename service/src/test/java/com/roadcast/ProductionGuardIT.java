package com.roadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.auth.FileKeyStore;
import com.roadcast.auth.Role;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Production mode refuses to start unsafe, and starts when it is safe. */
@Timeout(120)
class ProductionGuardIT {
    @TempDir
    Path temp;

    @Test
    void refusesNoRedisAndADemoKeyListingEveryProblem() {
        assertThatThrownBy(() -> TestApp.start("production", "true", "auth.createDemoKey", "true"))
                .rootCause()
                .hasMessageContaining("Refusing to start an insecure production configuration")
                .hasMessageContaining("redis.url is not set")
                .hasMessageContaining("auth.createDemoKey is on");
    }

    @Test
    void refusesADemoKeyLeftActiveInTheStore() {
        Path store = temp.resolve("keys.json");
        String id = new FileKeyStore(store, Clock.systemUTC()).create("demo", "internal", Role.ADMIN).key().id();
        assertThatThrownBy(() -> TestApp.withKeyStore(store, "production", "true"))
                .rootCause()
                .hasMessageContaining("the demo key " + id + " is still active");
    }

    @Test
    void startsWithRedisAndNoDemoKey() throws Exception {
        try (RedisServer redis = RedisServer.start();
                TestApp app = TestApp.withRedis(redis, temp.resolve("keys.json"), "production", "true")) {
            assertThat(app.client(null).get("/health/ready").status()).isEqualTo(200);
        }
    }
}
