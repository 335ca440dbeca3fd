package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every window store must do, run against each implementation. */
abstract class ObservationWindowContract {
    static final Instant T0 = Instant.parse("2012-03-06T22:20:00Z");

    /** A fresh, empty window keeping {@code capacity} steps. */
    abstract ObservationWindow window(int capacity);

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
        ObservationWindow window = window(3);
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
        ObservationWindow window = window(2);
        window.append(List.of(step(5, 1f), step(6, 1f)));
        boolean[] kept = window.append(List.of(step(1, 1f), step(7, 1f)));
        assertThat(kept).containsExactly(false, true);
    }

    @Test
    void rejectsAStepAlreadyStoredAndStoresNothingOfThatBatch() {
        ObservationWindow window = window(3);
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
        ObservationWindow window = window(2);
        window.append(List.of(step(5, 1f), step(6, 1f)));
        long before = window.snapshot().revision();
        window.append(List.of(step(1, 1f)));
        assertThat(window.snapshot().revision()).isEqualTo(before);
        window.append(List.of(step(7, 1f)));
        assertThat(window.snapshot().revision()).isNotEqualTo(before);
    }

    @Test
    void keepsMissingReadingsAsNaN() {
        ObservationWindow window = window(3);
        window.append(List.of(step(0, 1f, Float.NaN, 3f)));
        assertThat(window.snapshot().steps().get(0).speeds()[1]).isNaN();
    }
}
