package com.roadcast.ratelimit;

import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Each limiter instance's own connection pool to the class's redis-server, every one closed after each test. */
final class LimiterConnections implements AfterEachCallback {
    private final RedisServer.Extension redis;
    private final List<RedisGuard> open = new ArrayList<>();

    LimiterConnections(RedisServer.Extension redis) {
        this.redis = redis;
    }

    RedisGuard connect() {
        RedisGuard guard = redis.server().connect(Duration.ofMillis(500), Duration.ofMillis(100));
        open.add(guard);
        return guard;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        open.forEach(RedisGuard::close);
        open.clear();
    }
}
