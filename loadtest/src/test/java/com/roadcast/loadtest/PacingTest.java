package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PacingTest {
    @Test
    void backOffDoublesFromHalfASecondUpToThirtySecondsWithJitter() {
        Random random = new Random(1);
        for (int failures = 1; failures <= 12; failures++) {
            long ceiling = Math.min(30_000, 500L << (failures - 1));
            for (int i = 0; i < 200; i++) {
                long millis = Pacing.backoff(failures, random).toMillis();
                assertTrue(millis >= ceiling / 2 && millis <= ceiling, failures + " failures: " + millis + " ms");
            }
        }
        assertEquals(Pacing.MAX_BACKOFF.toMillis(), Pacing.backoff(1_000, new Random(2) {
            @Override
            public long nextLong(long bound) {
                return bound - 1;
            }
        }).toMillis());
    }

    @Test
    void thinkTimesSpreadAroundTheirMean() {
        Random random = new Random(3);
        Duration mean = Duration.ofSeconds(10);
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            long millis = Pacing.jittered(mean, random).toMillis();
            assertTrue(millis >= 5_000 && millis <= 15_000, millis + " ms");
            sum += millis;
        }
        assertEquals(10_000, sum / 10_000.0, 100);
        assertEquals(Duration.ZERO, Pacing.jittered(Duration.ZERO, random));
    }
}
