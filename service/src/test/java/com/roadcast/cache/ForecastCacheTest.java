package com.roadcast.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.roadcast.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-process level keeps to its size. Its upkeep runs in the background, a moment after new answers; what a
 * burst of answers left over is evicted at the level's next use. Which answers stay is Caffeine's choice (by how
 * often each is asked for), not part of the contract.
 */
@Timeout(30)
class ForecastCacheTest {
    private static final int ANSWER_BYTES = 10_000;

    private static byte[] answer(int id) {
        StringBuilder json = new StringBuilder("{\"id\":").append(id).append(",\"cache_hit\":false,\"pad\":\"");
        while (json.length() < ANSWER_BYTES - 2) {
            json.append('x');
        }
        return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aBurstOfAnswersBeyondTheLevelsSizeIsEvictedByItsNextUse() throws Exception {
        long weight = CachedBody.of(answer(0)).weight();
        ForecastCache cache = new ForecastCache(Duration.ofMinutes(15), 10 * weight, Optional.empty(), Optional.empty(),
                new MetricRegistry());
        try {
            for (int id = 0; id < 40; id++) {
                int computed = id;
                assertThat(cache.get("k" + id, () -> answer(computed)).level()).isEqualTo(CacheLevel.MISS);
            }
            Eventually.within(Duration.ofSeconds(5), () -> {
                // each use lets the upkeep finish what the burst left (a pass may end amid it, and is not re-run)
                cache.get("k39", () -> answer(39));
                assertThat(withinSize(cache, weight)).as("within the level's size").isTrue();
            });
            assertThat(cache.localEvictions()).as("evicted to fit 10 of 40").isGreaterThanOrEqualTo(30);
            assertThat(local(cache).get("keys")).isBetween(1L, 10L);
            assertThat(local(cache).get("bytes")).isBetween(weight, 10 * weight);
        } finally {
            cache.stop();
        }
    }

    @Test
    void theAnswersOfAWindowThatIsOverLeaveRoomForTheNewWindows() throws Exception {
        long weight = CachedBody.of(answer(0)).weight();
        // one answer takes most of the level, as an all-nodes answer of a 20,000-sensor network does by default
        ForecastCache cache = new ForecastCache(Duration.ofMinutes(15), weight * 13 / 10, Optional.empty(), Optional.empty(),
                new MetricRegistry());
        try {
            cache.enterWindow("m@1:300:1:");
            assertThat(cache.get("m@1:300:1:h1:nall", () -> answer(1)).level()).isEqualTo(CacheLevel.MISS);
            for (int i = 0; i < 5; i++) {
                assertThat(cache.get("m@1:300:1:h1:nall", () -> answer(1)).level()).isEqualTo(CacheLevel.LOCAL);
            }
            cache.enterWindow("m@1:600:2:");
            assertThat(cache.get("m@1:600:2:h1:nall", () -> answer(2)).level()).isEqualTo(CacheLevel.MISS);
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(local(cache).get("bytes")).isLessThanOrEqualTo(weight));
            assertThat(cache.get("m@1:600:2:h1:nall", () -> answer(2)).level()).as("the new window's answer stayed")
                    .isEqualTo(CacheLevel.LOCAL);
            assertThat(local(cache).get("keys")).isEqualTo(1L);
        } finally {
            cache.stop();
        }
    }

    private static boolean withinSize(ForecastCache cache, long weight) {
        Map<String, Long> local = local(cache);
        return local.get("evictions") >= 30 && local.get("keys") <= 10 && local.get("bytes") <= 10 * weight;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> local(ForecastCache cache) {
        return (Map<String, Long>) cache.stats().get("local");
    }
}
