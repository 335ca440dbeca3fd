package com.roadcast.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.Step;
import com.roadcast.observation.WindowSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.util.UUID;
import com.roadcast.observation.TestHistories;

/** Sensor health on crafted histories of three sensors, 5-minute steps, stale after 30 min, stuck after 12 steps. */
class SensorHealthTest {
    private static final float NONE = Float.NaN;
    private static final Instant T0 = Instant.parse("2012-03-05T00:00:00Z");
    @TempDir
    static Path temp;
    private final CountingHistory history = new CountingHistory(
            TestHistories.local(temp.resolve(UUID.randomUUID().toString()), 12, Duration.ofDays(30), 3));
    private final SensorHealth health = new QualityFactory().build(history, 3, Duration.ofMinutes(5));

    private static Instant at(int step) {
        return T0.plus(Duration.ofMinutes(5L * step));
    }

    /** Steps {@code from..to} (inclusive), each with these three speeds, appended as one batch. */
    private void store(int from, int to, float a, float b, float c) {
        List<Step> steps = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            steps.add(new Step(at(i), new float[] {a, b, c}));
        }
        history.append(steps);
    }

    /** Steps {@code from..to} with a varying (never stuck) value for every sensor that is not NONE. */
    private void storeVarying(int from, int to, boolean a, boolean b, boolean c) {
        for (int i = from; i <= to; i++) {
            float v = 40 + i % 7;
            history.append(List.of(new Step(at(i), new float[] {a ? v : NONE, b ? v : NONE, c ? v : NONE})));
        }
    }

    private SensorQuality sensor(int index) {
        return health.current().sensor(index);
    }

    @Test
    void beforeAnyDataEverySensorIsMissingNeverReadAndFullyMissing() {
        QualityReport report = health.current();
        assertThat(report.sensors()).hasSize(3).containsOnly(new SensorQuality(SensorStatus.MISSING, null, 1.0));
        assertThat(report.count(SensorStatus.MISSING)).isEqualTo(3);
        assertThat(history.ranges.get()).as("nothing to read").isZero();
    }

    @Test
    void eachStatusFromOneDayOfData() {
        // sensor 0 fine; sensor 1 silent for the newest 40 min (8 steps); sensor 2 repeats 55.0 for 12 steps
        storeVarying(0, 275, true, true, true);
        for (int i = 276; i <= 287; i++) {
            float v = 40 + i % 7;
            history.append(List.of(new Step(at(i), new float[] {v, i <= 279 ? v : NONE, 55f})));
        }
        assertThat(sensor(0)).isEqualTo(new SensorQuality(SensorStatus.OK, at(287), 0.0));
        assertThat(sensor(1).status()).isEqualTo(SensorStatus.STALE);
        assertThat(sensor(1).lastReadingAt()).isEqualTo(at(279));
        assertThat(sensor(1).missingRatio24h()).as("8 of 288, rounded to 4 decimals").isEqualTo(0.0278);
        assertThat(sensor(2)).isEqualTo(new SensorQuality(SensorStatus.STUCK, at(287), 0.0));
        QualityReport report = health.current();
        assertThat(List.of(report.count(SensorStatus.OK), report.count(SensorStatus.STALE),
                report.count(SensorStatus.STUCK), report.count(SensorStatus.MISSING))).containsExactly(1L, 1L, 1L, 0L);
    }

    @Test
    void staleOnlyPastStaleAfterAndStuckOnlyFromStuckSteps() {
        storeVarying(0, 10, true, true, true);
        store(11, 21, 60, 60, 30);
        storeVarying(22, 27, false, false, true);
        assertThat(sensor(0).status()).as("11 repeats, last read exactly staleAfter ago").isEqualTo(SensorStatus.OK);
        store(28, 28, NONE, 60, 33);
        assertThat(sensor(0).status()).as("last read 35 min ago").isEqualTo(SensorStatus.STALE);
        assertThat(sensor(0).lastReadingAt()).isEqualTo(at(21));
        assertThat(sensor(1).status()).as("its missing readings ended the run").isEqualTo(SensorStatus.OK);
    }

    @Test
    void aStoredStepWithoutTheReadingBreaksARunAndAnUnstoredGapDoesNot() {
        store(0, 5, 50, 50, 50);
        store(6, 6, 50, NONE, 50);
        store(7, 9, 50, 50, 50);
        store(100, 101, 50, 50, 50);
        assertThat(sensor(0).status()).as("12 consecutive stored steps, a gap in time between").isEqualTo(SensorStatus.STUCK);
        assertThat(sensor(1).status()).as("the run since its missing step is 5 long").isEqualTo(SensorStatus.OK);
        store(102, 108, 50, 50, 50);
        assertThat(sensor(1).status()).isEqualTo(SensorStatus.STUCK);
        store(109, 109, 50, 51, 50);
        assertThat(sensor(1).status()).as("a new value starts a new run").isEqualTo(SensorStatus.OK);
    }

    @Test
    void precedenceIsMissingThenStaleThenStuck() {
        store(0, 30, 50, 50, 50);
        store(31, 42, NONE, 45, 50);
        assertThat(sensor(0).status()).as("stuck before, then nothing in the window").isEqualTo(SensorStatus.MISSING);
        assertThat(sensor(0).lastReadingAt()).isEqualTo(at(30));
        store(43, 43, 50, 46, NONE);
        storeVarying(44, 50, false, true, false);
        assertThat(sensor(0).status()).as("read in the window, 35 min ago").isEqualTo(SensorStatus.STALE);
        assertThat(sensor(2).status()).as("43 repeats, then silent for 40 min").isEqualTo(SensorStatus.STALE);
        assertThat(sensor(1).status()).isEqualTo(SensorStatus.OK);
    }

    @Test
    void missingRatioCountsUnstoredStepsAsMissingForEverySensor() {
        store(0, 9, 50, NONE, 51);
        store(200, 211, 52, 53, NONE);
        QualityReport report = health.current();
        assertThat(report.sensor(0).missingRatio24h()).as("22 of 288 read: 266/288").isEqualTo(0.9236);
        assertThat(report.sensor(1).missingRatio24h()).as("12 of 288").isEqualTo(0.9583);
        assertThat(report.sensor(2)).isEqualTo(new SensorQuality(SensorStatus.MISSING, at(9), 0.9653));
        store(300, 300, 52, 53, 54);
        assertThat(sensor(0).missingRatio24h()).as("steps 0..9 are more than 24 h before step 300").isEqualTo(0.9549);
        assertThat(sensor(2)).isEqualTo(new SensorQuality(SensorStatus.OK, at(300), 0.9965));
    }

    @Test
    void nothingReadInTheLastDayHasNoLastReading() {
        store(0, 0, 50, NONE, 50);
        store(500, 500, 50, NONE, 50);
        assertThat(sensor(1)).isEqualTo(new SensorQuality(SensorStatus.MISSING, null, 1.0));
        assertThat(sensor(0)).isEqualTo(new SensorQuality(SensorStatus.OK, at(500), 0.9965));
    }

    @Test
    void computedOncePerRevisionWithOneRangeRead() {
        store(0, 20, 50, 50, 50);
        for (int i = 0; i < 5; i++) {
            health.current();
        }
        assertThat(history.ranges.get()).isEqualTo(1);
        store(21, 21, 50, 50, 50);
        health.current();
        health.current();
        assertThat(history.ranges.get()).isEqualTo(2);
    }

    @Test
    void aLateStepOlderThanTheWindowCountsFromTheNextWindowChange() {
        store(0, 20, 50, 50, 50);
        store(22, 40, 41, 42, 43);
        assertThat(sensor(0).missingRatio24h()).as("40 of 288 read").isEqualTo(0.8611);
        store(21, 21, 50, 50, 50);
        assertThat(sensor(0).missingRatio24h()).as("same revision, same report").isEqualTo(0.8611);
        store(41, 41, 41, 42, 43);
        assertThat(sensor(0).missingRatio24h()).as("the late step and the new one: 42 read").isEqualTo(0.8542);
    }

    @Test
    void anUnreadableHistoryServesTheLastReport() {
        store(0, 20, 50, 50, 50);
        QualityReport held = health.current();
        history.failing = true;
        store(21, 21, 50, 50, 50);
        assertThat(health.current()).isSameAs(held);
        history.failing = false;
        assertThat(health.current().revision()).as("tried again once readable").isGreaterThan(held.revision());
    }

    @Test
    void anUnreadableHistoryBeforeAnyReportIsJudgedOnTheWindowAlone() {
        history.failing = true;
        storeVarying(0, 20, true, false, true);
        assertThat(sensor(0)).isEqualTo(new SensorQuality(SensorStatus.OK, at(20), 0.9583));
        assertThat(sensor(1).status()).isEqualTo(SensorStatus.MISSING);
    }

    /** The history, counting range reads (each a Redis round trip in production) and failing them on demand. */
    private static final class CountingHistory implements ObservationHistory {
        private final ObservationHistory history;
        final AtomicInteger ranges = new AtomicInteger();
        volatile boolean failing;

        CountingHistory(ObservationHistory history) {
            this.history = history;
        }

        @Override
        public boolean[] append(List<Step> steps) {
            return history.append(steps);
        }

        @Override
        public WindowSnapshot snapshot() {
            return history.snapshot();
        }

        @Override
        public int capacity() {
            return history.capacity();
        }

        @Override
        public Duration retention() {
            return history.retention();
        }

        @Override
        public Iterator<Step> range(Instant from, Instant to) {
            if (failing) {
                throw new com.roadcast.observation.WindowUnavailableException("down", null);
            }
            ranges.incrementAndGet();
            return history.range(from, to);
        }
    }
}
