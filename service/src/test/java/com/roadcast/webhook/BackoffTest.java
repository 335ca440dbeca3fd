package com.roadcast.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration FIRST = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofHours(1);

    @Test
    void withoutJitterEachWaitDoublesUpToTheCap() {
        Backoff backoff = new Backoff(FIRST, Duration.ofMinutes(10), () -> 0);
        assertThat(backoff.before(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.before(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.before(5)).isEqualTo(Duration.ofSeconds(480));
        assertThat(backoff.before(6)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.before(40)).as("no overflow far out").isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theDefaultEightAttemptsSpanAtLeastAnHourWhateverTheJitter() {
        for (double jitter : new double[] {0, 0.5, 0.999}) {
            Backoff backoff = new Backoff(FIRST, CAP, () -> jitter);
            Duration total = Duration.ZERO;
            for (int retry = 1; retry < 8; retry++) {
                total = total.plus(backoff.before(retry));
            }
            assertThat(total).as("jitter %s", jitter).isGreaterThanOrEqualTo(Duration.ofHours(1))
                    .isLessThanOrEqualTo(Duration.ofSeconds(3810).multipliedBy(5).dividedBy(4));
        }
    }

    @Test
    void jitterSpreadsRetriesByUpToAQuarter() {
        Random random = new Random(7);
        Backoff backoff = new Backoff(FIRST, CAP, random::nextDouble);
        long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> backoff.before(3)).distinct().count();
        assertThat(distinct).isGreaterThan(40);
        for (int i = 0; i < 200; i++) {
            assertThat(backoff.before(3)).isBetween(Duration.ofSeconds(120), Duration.ofSeconds(150));
        }
    }
}
