package com.roadcast.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Instances hear each other's events over a real Redis, also after it restarts, but not their own. */
@Timeout(60)
class RedisEventsIT {

    @Test
    void eventsReachTheOtherInstancesAndSurviveARedisRestart() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            RedisGuard guardA = server.connect(Duration.ofMillis(250), Duration.ofMillis(50));
            RedisGuard guardB = server.connect(Duration.ofMillis(250), Duration.ofMillis(50));
            RedisEvents a = new RedisEvents(guardA, "roadcast:t:");
            RedisEvents b = new RedisEvents(guardB, "roadcast:t:");
            List<String> heardByA = new CopyOnWriteArrayList<>();
            List<String> heardByB = new CopyOnWriteArrayList<>();
            a.on("ping", heardByA::add);
            b.on("ping", heardByB::add);
            a.start();
            b.start();
            try {
                Eventually.within(Duration.ofSeconds(5), () -> {
                    a.publish("ping", "one");
                    assertThat(heardByB).contains("one");
                });
                assertThat(heardByA).isEmpty();

                server.restart();
                Eventually.within(Duration.ofSeconds(5), () -> {
                    a.publish("ping", "two");
                    assertThat(heardByB).contains("two");
                });
            } finally {
                a.stop();
                b.stop();
                guardA.close();
                guardB.close();
            }
        }
    }
}
