package com.roadcast.testing;

import com.roadcast.auth.ApiKeyStore;
import com.roadcast.auth.FileKeyStore;
import com.roadcast.auth.RedisKeyStore;
import com.roadcast.auth.Role;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisFactory;
import com.roadcast.redis.RedisGuard;
import io.dropwizard.jackson.Jackson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** Keys for tests, made through the real store the app reads: the file, or Redis when it uses one. */
public final class TestKeys {

    private TestKeys() {}

    static String create(Path store, String redisUrl, String role, String tier) {
        if (redisUrl == null) {
            return create(new FileKeyStore(store, Clock.systemUTC()), role, tier);
        }
        try (RedisStore redis = redis(redisUrl)) {
            return create(redis.store(), role, tier);
        }
    }

    private static String create(ApiKeyStore store, String role, String tier) {
        return store.create("test-" + role, tier, Role.parse(role).orElseThrow()).token();
    }

    /** A Redis key store on {@code url}, as the keys command opens it; close it after use. */
    public static RedisStore redis(String url) {
        try {
            RedisFactory factory = Jackson.newObjectMapper().readValue("{\"url\":\"" + url + "\"}", RedisFactory.class);
            RedisGuard guard = factory.connect(Clock.systemUTC());
            return new RedisStore(guard, new RedisKeyStore(guard, factory.getKeyPrefix(),
                    new RedisEvents(guard, factory.getKeyPrefix()), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store and the connection it uses. */
    public record RedisStore(RedisGuard guard, RedisKeyStore store) implements AutoCloseable {
        @Override
        public void close() {
            guard.close();
        }
    }
}
