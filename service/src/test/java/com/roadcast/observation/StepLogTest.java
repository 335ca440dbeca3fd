package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.dayfile.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history's files: what is written is read back, and damage costs only the damaged records. */
class StepLogTest {
    private static final Instant DAY = Instant.parse("2012-03-06T00:00:00Z");
    /** A frame of three readings: length, epoch second, the readings, CRC32. */
    private static final int RECORD = 16 + 3 * Float.BYTES;

    @TempDir
    Path temp;

    private static Step step(int minutes, float... speeds) {
        return new Step(DAY.plusSeconds(60L * minutes), speeds);
    }

    private static List<Step> three() {
        return List.of(step(0, 1f, 2f, 3f), step(5, 4f, Float.NaN, 6f), step(10, 7f, 8f, 9f));
    }

    private static StepLog.Loaded reopen(Path dir, int nodes) throws IOException {
        return new StepLog(dir, nodes, true).load();
    }

    private static StepLog written(Path dir, List<Step> steps) throws IOException {
        StepLog log = new StepLog(dir, 3, true);
        log.load();
        log.append(steps);
        return log;
    }

    @Test
    void readsBackWhatWasWrittenInTimeOrderAcrossDays() throws Exception {
        Path dir = temp.resolve("created/on/start");
        StepLog log = written(dir, List.of(step(24 * 60 + 5, 5f, 5f, 5f), step(10, 1f, Float.NaN, 3f)));
        log.append(List.of(step(5, 0f, 0f, 0f)));
        log.stop();

        StepLog.Loaded loaded = reopen(dir, 3);
        assertThat(loaded.steps()).extracting(Step::time)
                .containsExactly(DAY.plusSeconds(300), DAY.plusSeconds(600), DAY.plusSeconds(86_700));
        assertThat(loaded.steps().get(1).speeds()).containsExactly(1f, Float.NaN, 3f);
        assertThat(loaded.skipped()).isZero();
        assertThat(loaded.lastWrite()).isPresent();
        assertThat(segments(dir)).containsExactly("2012-03-06.steps", "2012-03-07.steps");
    }

    @Test
    void aTornLastRecordIsSkippedAndCutOffWhereverItIsTorn() throws Exception {
        Path dir = temp.resolve("torn");
        written(dir, three()).stop();
        Path file = dir.resolve("2012-03-06.steps");
        byte[] whole = Files.readAllBytes(file);
        assertThat(whole).hasSize(3 * RECORD);
        for (int kept = 0; kept < RECORD; kept++) {
            Files.write(file, Arrays.copyOf(whole, 2 * RECORD + kept));

            StepLog.Loaded loaded = reopen(dir, 3);
            assertThat(loaded.steps()).as("torn after %d bytes", kept).hasSize(2);
            assertThat(loaded.skipped()).isEqualTo(kept == 0 ? 0 : 1);
            assertThat(Files.size(file)).isEqualTo(2L * RECORD);

            written(dir, List.of(step(15, 1f, 1f, 1f))).stop();
            assertThat(reopen(dir, 3).steps()).extracting(Step::time).as("appends after the cut stay readable")
                    .containsExactly(DAY, DAY.plusSeconds(300), DAY.plusSeconds(900));
        }
    }

    @Test
    void aCorruptRecordInTheMiddleIsSkippedAndTheRestRead() throws Exception {
        Path dir = temp.resolve("bad-crc");
        written(dir, three()).stop();
        Path file = dir.resolve("2012-03-06.steps");
        flip(file, RECORD + 20);

        StepLog.Loaded loaded = reopen(dir, 3);
        assertThat(loaded.steps()).extracting(Step::time).containsExactly(DAY, DAY.plusSeconds(600));
        assertThat(loaded.skipped()).isEqualTo(1);
        assertThat(Files.size(file)).as("nothing after it cut off").isEqualTo(3L * RECORD);

        flip(file, RECORD + 1);
        assertThat(reopen(dir, 3).steps()).as("a broken header too").hasSize(2);
    }

    @Test
    void recordsOfAnotherNodeCountAreSkipped() throws Exception {
        Path dir = temp.resolve("catalog");
        written(dir, three()).stop();

        StepLog.Loaded loaded = reopen(dir, 2);
        assertThat(loaded.steps()).isEmpty();
        assertThat(loaded.skipped()).isEqualTo(3);
        assertThat(Files.size(dir.resolve("2012-03-06.steps"))).as("kept for a bundle of that catalog")
                .isEqualTo(3L * RECORD);
    }

    @Test
    void dropsWholeSegmentsOlderThanTheCutoff() throws Exception {
        Path dir = temp.resolve("retention");
        StepLog log = written(dir, List.of(step(0, 1f, 1f, 1f), step(24 * 60, 2f, 2f, 2f), step(48 * 60, 3f, 3f, 3f)));
        log.dropBefore(DAY.plus(Duration.ofDays(1)).plusSeconds(300));
        assertThat(segments(dir)).containsExactly("2012-03-07.steps", "2012-03-08.steps");
        log.dropBefore(DAY.plus(Duration.ofDays(2)));
        assertThat(segments(dir)).containsExactly("2012-03-08.steps");
        log.stop();
    }

    @Test
    void filesOfTheOlderRecordFormatStillLoadAndTakeNewRecordsAfterTheirs() throws Exception {
        Path dir = temp.resolve("older");
        Fixtures.copy("steps-before-dayfile", dir);
        Instant t = Instant.parse("2012-03-06T23:50:00Z");

        StepLog.Loaded loaded = reopen(dir, 3);
        assertThat(loaded.steps()).extracting(Step::time)
                .containsExactly(t, t.plusSeconds(300), t.plusSeconds(600));
        assertThat(loaded.steps().get(0).speeds()).containsExactly(61.5f, Float.NaN, 40f);
        assertThat(loaded.steps().get(2).speeds()).containsExactly(63f, 56f, Float.NaN);
        assertThat(loaded.skipped()).as("the one record of two nodes").isEqualTo(1);

        written(dir, List.of(new Step(t.plusSeconds(1200), new float[] {7f, 8f, 9f}))).stop();
        assertThat(segments(dir)).containsExactly("2012-03-06.steps", "2012-03-07.steps");
        assertThat(reopen(dir, 3).steps()).extracting(Step::time)
                .containsExactly(t, t.plusSeconds(300), t.plusSeconds(600), t.plusSeconds(1200));
        assertThat(reopen(dir, 2).steps()).extracting(Step::time).containsExactly(t.plusSeconds(900));
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsNamingIt() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "");
        Path dir = file.resolve("history");
        assertThatThrownBy(() -> new StepLog(dir, 3, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("history.dir " + dir.toAbsolutePath() + " cannot be created or written");
    }

    private static void flip(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5a;
        Files.write(file, bytes);
    }

    private static List<String> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
