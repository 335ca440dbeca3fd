package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObservationHistoryTest extends ObservationHistoryContract {
    @TempDir
    Path temp;

    @Override
    ObservationHistory window(int capacity) {
        try {
            return open(Files.createTempDirectory(temp, "history"), capacity, 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalObservationHistory open(Path dir, int capacity, int nodes) {
        return new LocalObservationHistory(capacity, RETENTION, Clock.systemUTC(), new StepLog(dir, nodes, true));
    }

    @Test
    void aNewInstanceOnTheSameDirectoryHasTheSameHistoryAndWindow() {
        Path dir = temp.resolve("restart");
        LocalObservationHistory before = open(dir, 2, 2);
        before.append(List.of(step(3, 3f, 30f), step(1, 1f, Float.NaN)));
        before.append(List.of(step(2, 2f, 20f)));
        WindowSnapshot seen = before.snapshot();

        LocalObservationHistory after = open(dir, 2, 2);
        WindowSnapshot restored = after.snapshot();
        assertThat(restored.steps()).extracting(Step::time).containsExactly(step(2).time(), step(3).time());
        assertThat(restored.steps().get(1).speeds()).containsExactly(3f, 30f);
        assertThat(restored.revision()).as("never one a cached forecast was keyed by").isGreaterThan(seen.revision());
        assertThat(restored.lastIngestAt()).isPresent();
        assertThat(times(after.range(T0, T0.plusSeconds(3600)))).containsExactly(1, 2, 3);
        assertThat(after.range(T0.plusSeconds(300), T0.plusSeconds(300)).next().speeds()).containsExactly(1f, Float.NaN);
        assertThatThrownBy(() -> after.append(List.of(step(4, 4f, 4f), step(1, 1f, 1f))))
                .isInstanceOfSatisfying(DuplicateStepException.class, e -> assertThat(e.index()).isEqualTo(1));
        after.append(List.of(step(4, 4f, 40f)));
        assertThat(open(dir, 2, 2).snapshot().latestStep()).contains(step(4).time());
    }

    @Test
    void stepsPastTheRetentionLeaveTheDiskAndStayGoneAfterARestart() throws IOException {
        Path dir = temp.resolve("retention");
        LocalObservationHistory history = open(dir, 2, 1);
        int month = (int) (RETENTION.toSeconds() / 300);
        history.append(List.of(step(0, 0f), step(1, 1f)));
        history.append(List.of(step(month + 300, 2f)));

        assertThat(times(open(dir, 2, 1).range(T0, T0.plus(RETENTION).plus(Duration.ofDays(2))))).containsExactly(month + 300);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2012-04-06.steps");
        }
    }

    @Test
    void aStartingWindowIsEmptyButItsRevisionIsNew() {
        long before = Clock.systemUTC().millis() * 1000;
        assertThat(open(temp.resolve("empty"), 2, 1).snapshot().revision()).isGreaterThanOrEqualTo(before);
    }
}
