package com.roadcast.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared level on a real redis-server: a computed answer reaches Redis whenever the instance stops,
 * and the answers kept there stay within their byte budget, the oldest dropped first.
 */
@Timeout(60)
class RedisForecastCacheIT {
    private static final Duration TTL = Duration.ofMinutes(15);
    private static final Duration LOCK_WAIT = Duration.ofMillis(100);
    private static final long MAX_BYTES = 1 << 20;
    @RegisterExtension
    static final RedisServer.Extension redis = RedisServer.perClass();

    @Test
    void anAnswerComputedJustBeforeAStopStillReachesRedis() throws Exception {
        RedisGuard guard = redis.server().connect(Duration.ofSeconds(1), Duration.ofSeconds(1));
        RedisForecastCache stopping = new RedisForecastCache(guard, "roadcast:t1:", TTL, LOCK_WAIT, MAX_BYTES);
        byte[] answer = "{\"cache_hit\":false}".getBytes(StandardCharsets.UTF_8);
        Map.Entry<byte[], CacheLevel> computed = stopping.getOrCompute("k", () -> answer);
        assertThat(computed.getValue()).isEqualTo(CacheLevel.MISS);
        stopping.stop();
        assertThat(stopping.get("k")).as("stored before the writer ended").hasValue(answer);
        guard.close();
    }

    @Test
    void anAnswerComputedAfterTheStopIsStoredByTheRequestThread() throws Exception {
        RedisGuard guard = redis.server().connect(Duration.ofSeconds(1), Duration.ofSeconds(1));
        RedisForecastCache stopped = new RedisForecastCache(guard, "roadcast:t2:", TTL, LOCK_WAIT, MAX_BYTES);
        stopped.stop();
        byte[] answer = "{\"cache_hit\":false,\"late\":1}".getBytes(StandardCharsets.UTF_8);
        stopped.getOrCompute("k", () -> answer);
        assertThat(stopped.get("k")).as("stored at once, not dropped with the writer").hasValue(answer);
        AtomicInteger computations = new AtomicInteger();
        RedisForecastCache other = new RedisForecastCache(guard, "roadcast:t2:", TTL, LOCK_WAIT, MAX_BYTES);
        assertThat(other.getOrCompute("k", () -> {
            computations.incrementAndGet();
            return answer;
        }).getValue()).isEqualTo(CacheLevel.REDIS);
        assertThat(computations).hasValue(0);
        other.stop();
        guard.close();
    }

    @Test
    void theSharedLevelKeepsWithinItsBudgetDroppingTheOldestFirst() throws Exception {
        RedisGuard guard = redis.server().connect(Duration.ofSeconds(1), Duration.ofSeconds(1));
        RedisForecastCache small = new RedisForecastCache(guard, "roadcast:t3:", TTL, LOCK_WAIT, 250_000);
        small.stop();
        for (int i = 0; i < 6; i++) {
            byte[] answer = new byte[100_000];
            Arrays.fill(answer, (byte) ('a' + i));
            small.getOrCompute("answer-" + i, () -> answer);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(small.get("answer-" + i)).as("answer %d, among the oldest", i).isEmpty();
        }
        assertThat(small.get("answer-4")).isPresent();
        assertThat(small.get("answer-5")).isPresent();
        String total = guard.call(client -> client.get("roadcast:t3:fc-budget:bytes"));
        long indexed = guard.call(client -> client.zcard("roadcast:t3:fc-budget:index"));
        assertThat(total).isEqualTo("200000");
        assertThat(indexed).isEqualTo(2);

        byte[] again = new byte[100_000];
        small.getOrCompute("answer-5", () -> again);
        String after = guard.call(client -> client.get("roadcast:t3:fc-budget:bytes"));
        assertThat(after).as("a stored answer replaced is counted once").isEqualTo("200000");
        guard.close();
    }
}
