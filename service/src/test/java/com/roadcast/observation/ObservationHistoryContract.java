package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every window store must do, run against each implementation. */
abstract class ObservationHistoryContract {
    static final Instant T0 = Instant.parse("2012-03-06T22:20:00Z");

    static final Duration RETENTION = Duration.ofDays(30);

    /** A fresh, empty history with a window of {@code capacity} steps, keeping {@link #RETENTION}. */
    abstract ObservationHistory window(int capacity);

    static Step step(int index, float... speeds) {
        return new Step(T0.plusSeconds(300L * index), speeds);
    }

    @Test
    void startsEmpty() {
        WindowSnapshot snapshot = window(3).snapshot();
        assertThat(snapshot.steps()).isEmpty();
        assertThat(snapshot.latestStep()).isEmpty();
        assertThat(snapshot.lastIngestAt()).isEmpty();
    }

    @Test
    void keepsTheNewestStepsInTimeOrderWhateverTheArrivalOrder() {
        ObservationHistory window = window(3);
        window.append(List.of(step(2, 20f), step(0, 0f)));
        window.append(List.of(step(3, 30f), step(1, 10f)));
        WindowSnapshot snapshot = window.snapshot();
        assertThat(snapshot.steps()).extracting(Step::time)
                .containsExactly(T0.plusSeconds(300), T0.plusSeconds(600), T0.plusSeconds(900));
        assertThat(snapshot.steps().get(2).speeds()).containsExactly(30f);
        assertThat(snapshot.lastIngestAt()).isPresent();
    }

    @Test
    void reportsWhichStepsStayInTheWindow() {
        ObservationHistory window = window(2);
        window.append(List.of(step(5, 1f), step(6, 1f)));
        boolean[] kept = window.append(List.of(step(1, 1f), step(7, 1f)));
        assertThat(kept).containsExactly(false, true);
    }

    @Test
    void rejectsAStepAlreadyStoredAndStoresNothingOfThatBatch() {
        ObservationHistory window = window(3);
        window.append(List.of(step(1, 1f)));
        long revision = window.snapshot().revision();
        assertThatThrownBy(() -> window.append(List.of(step(2, 2f), step(1, 9f))))
                .isInstanceOfSatisfying(DuplicateStepException.class, e -> assertThat(e.index()).isEqualTo(1));
        WindowSnapshot after = window.snapshot();
        assertThat(after.steps()).hasSize(1);
        assertThat(after.steps().get(0).speeds()).containsExactly(1f);
        assertThat(after.revision()).isEqualTo(revision);
    }

    @Test
    void revisionChangesWithEveryStoredStepButNotForStepsThatFallOut() {
        ObservationHistory window = window(2);
        window.append(List.of(step(5, 1f), step(6, 1f)));
        long before = window.snapshot().revision();
        window.append(List.of(step(1, 1f)));
        assertThat(window.snapshot().revision()).isEqualTo(before);
        window.append(List.of(step(7, 1f)));
        assertThat(window.snapshot().revision()).isNotEqualTo(before);
    }

    @Test
    void keepsMissingReadingsAsNaN() {
        ObservationHistory window = window(3);
        window.append(List.of(step(0, 1f, Float.NaN, 3f)));
        assertThat(window.snapshot().steps().get(0).speeds()[1]).isNaN();
    }

    @Test
    void keepsStepsOlderThanTheWindowAndRefusesThemTwice() {
        ObservationHistory history = window(2);
        history.append(List.of(step(5, 5f), step(6, 6f), step(7, 7f)));
        assertThat(history.append(List.of(step(1, 1f)))).containsExactly(false);
        assertThatThrownBy(() -> history.append(List.of(step(5, 9f))))
                .isInstanceOfSatisfying(DuplicateStepException.class, e -> assertThat(e.index()).isZero());
        assertThat(times(history.range(T0, T0.plusSeconds(3600)))).containsExactly(1, 5, 6, 7);
    }

    @Test
    void rangeIsInclusiveAndInTimeOrder() {
        ObservationHistory history = window(3);
        history.append(List.of(step(4, 4f), step(0, 0f), step(2, 2f, Float.NaN)));
        history.append(List.of(step(3, 3f)));
        assertThat(times(history.range(T0.plusSeconds(600), T0.plusSeconds(1200)))).containsExactly(2, 3, 4);
        assertThat(times(history.range(T0.plusSeconds(1), T0.plusSeconds(599)))).isEmpty();
        Iterator<Step> two = history.range(T0.plusSeconds(600), T0.plusSeconds(600));
        assertThat(two.next().speeds()).containsExactly(2f, Float.NaN);
        assertThat(two.hasNext()).isFalse();
    }

    @Test
    void rangeReadsLongHistoriesWhole() {
        ObservationHistory history = window(12);
        List<Step> day = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            day.add(step(i, i));
        }
        for (int from = 0; from < day.size(); from += 200) {
            history.append(day.subList(from, Math.min(day.size(), from + 200)));
        }
        List<Integer> read = times(history.range(T0, T0.plusSeconds(300L * 699)));
        assertThat(read).hasSize(700).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void dropsStepsOlderThanTheRetentionCountedFromTheNewest() {
        ObservationHistory history = window(2);
        int month = (int) (RETENTION.toSeconds() / 300);
        history.append(List.of(step(0, 0f), step(1, 1f)));
        history.append(List.of(step(month, 2f)));
        assertThat(times(history.range(T0, T0.plus(RETENTION)))).containsExactly(0, 1, month);
        history.append(List.of(step(month + 1, 3f)));
        assertThat(times(history.range(T0, T0.plus(RETENTION).plusSeconds(300)))).containsExactly(1, month, month + 1);
    }

    /** Step indexes (as {@link #step} numbers them) read from a range. */
    static List<Integer> times(Iterator<Step> steps) {
        List<Integer> indexes = new ArrayList<>();
        steps.forEachRemaining(s -> indexes.add((int) ((s.time().getEpochSecond() - T0.getEpochSecond()) / 300)));
        return indexes;
    }
}
