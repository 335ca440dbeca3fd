package com.roadcast.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.dayfile.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forecasts of record on disk: read back by window, replaced, cut where torn, dropped past the retention. */
class LocalForecastRecordsTest {
    private static final Instant T = Instant.parse("2012-03-06T23:50:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    @TempDir
    Path temp;

    private static ForecastRecord record(Instant at, String version, float speed) {
        return new ForecastRecord(at, "dcrnn", version, 3.5, 2, new float[] {speed, 61f, 62f, Float.NaN},
                new int[] {0, 2}, new float[] {59f, Float.NaN});
    }

    private static void holding(Path dir, ForecastRecord... put) {
        LocalForecastRecords records = new LocalForecastRecords(dir, RETENTION);
        for (ForecastRecord record : put) {
            records.put(record);
        }
    }

    private static List<String> versions(ForecastRecords records, Instant from, Instant to) {
        List<String> versions = new ArrayList<>();
        records.range(from, to).forEachRemaining(r -> versions.add(r.modelVersion()));
        return versions;
    }

    @Test
    void whatIsPutIsReadBackAfterARestartTheNewestPerWindow() throws Exception {
        Path dir = temp.resolve("records");
        holding(dir, record(T, "v1", 60f), record(T.plusSeconds(300), "v1", 50f), record(T, "v2", 70f));

        LocalForecastRecords reopened = new LocalForecastRecords(dir, RETENTION);
        ForecastRecord first = reopened.get(T).orElseThrow();
        assertThat(first.modelVersion()).isEqualTo("v2");
        assertThat(first.values()).containsExactly(70f, 61f, 62f, Float.NaN);
        assertThat(first.inputsImputed()).containsExactly(0, 2);
        assertThat(first.persistence()).containsExactly(59f, Float.NaN);
        assertThat(reopened.get(T.plusSeconds(600))).isEmpty();
        assertThat(versions(reopened, T, T.plusSeconds(300))).containsExactly("v2", "v1");
        assertThat(files(dir)).containsExactly("2012-03-06.records");
    }

    @Test
    void filesWrittenBeforeTheSharedDayFileLogStillLoad() throws Exception {
        Path dir = temp.resolve("older");
        Fixtures.copy("records-before-dayfile", dir);
        LocalForecastRecords records = new LocalForecastRecords(dir, RETENTION);
        assertThat(versions(records, T, T.plusSeconds(600))).as("the replaced record is the one served")
                .containsExactly("v9", "v1", "v2");
        ForecastRecord second = records.get(T.plusSeconds(300)).orElseThrow();
        assertThat(second.values()).containsExactly(61f, 61f, 62f, Float.NaN);
        assertThat(second.inferenceTimeMs()).isEqualTo(13.5);
        assertThat(second.inputsImputed()).containsExactly(0, 1);

        records.put(record(T.plusSeconds(900), "v3", 40f));
        assertThat(versions(new LocalForecastRecords(dir, RETENTION), T, T.plusSeconds(900)))
                .containsExactly("v9", "v1", "v2", "v3");
    }

    @Test
    void aTornLastRecordIsNeverServedAndLaterOnesAre() throws Exception {
        Path dir = temp.resolve("torn");
        holding(dir, record(T, "v1", 60f), record(T.plusSeconds(300), "v1", 50f));
        Path file = dir.resolve("2012-03-06.records");
        byte[] whole = Files.readAllBytes(file);
        int one = whole.length / 2;
        Files.write(file, Arrays.copyOf(whole, whole.length - 3));

        LocalForecastRecords reopened = new LocalForecastRecords(dir, RETENTION);
        assertThat(reopened.get(T.plusSeconds(300))).isEmpty();
        assertThat(Files.size(file)).as("the torn tail is cut off").isEqualTo(one);
        reopened.put(record(T.plusSeconds(600), "v2", 40f));
        assertThat(versions(new LocalForecastRecords(dir, RETENTION), T, T.plusSeconds(600)))
                .containsExactly("v1", "v2");
    }

    @Test
    void recordsPastTheRetentionAreDroppedWithTheirWholeDays() throws Exception {
        Path dir = temp.resolve("retention");
        LocalForecastRecords records = new LocalForecastRecords(dir, Duration.ofDays(1));
        records.put(record(T, "v1", 60f));
        records.put(record(T.plus(Duration.ofDays(1)), "v2", 60f));
        assertThat(files(dir)).containsExactly("2012-03-06.records", "2012-03-07.records");
        records.put(record(T.plus(Duration.ofDays(1)).plusSeconds(600), "v3", 60f));

        assertThat(records.get(T)).isEmpty();
        assertThat(files(dir)).containsExactly("2012-03-07.records", "2012-03-08.records");
        assertThat(versions(new LocalForecastRecords(dir, Duration.ofDays(1)), T, T.plus(Duration.ofDays(2))))
                .containsExactly("v2", "v3");
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
