package com.roadcast.dayfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log on its own: where appends land, what loading tells, what it ignores. */
class DayFileLogTest {
    private static final Instant T = Instant.parse("2012-03-06T23:55:00Z");

    @TempDir
    Path dir;

    private static DayFileLog.Entry entry(Instant time, String text) {
        return new DayFileLog.Entry(time, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void appendsTellWhereEachPayloadLiesAsLoadingDoes() throws Exception {
        DayFileLog log = new DayFileLog(dir, ".log", false, DayFileLog.OlderFormat.NONE);
        List<DayFileLog.Position> written = log.append(List.of(entry(T, "one"), entry(T.plusSeconds(300), "two"),
                entry(T.minusSeconds(300), "three")));
        log.sync();
        assertThat(written).extracting(DayFileLog.Position::day).extracting(Object::toString)
                .containsExactly("2012-03-06", "2012-03-07", "2012-03-06");
        assertThat(new String(log.read(written.get(2)), StandardCharsets.UTF_8)).isEqualTo("three");
        Files.writeString(dir.resolve("notes.log"), "not a day");

        List<DayFileLog.Position> loaded = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        DayFileLog.Loaded summary = new DayFileLog(dir, ".log", false, DayFileLog.OlderFormat.NONE)
                .load((at, payload) -> {
                    loaded.add(at);
                    payloads.add(new String(payload, StandardCharsets.UTF_8));
                });
        assertThat(payloads).as("day by day, each in the order written").containsExactly("one", "three", "two");
        assertThat(loaded).containsExactly(written.get(0), written.get(2), written.get(1));
        assertThat(summary.skipped()).isZero();
        assertThat(summary.lastWrite()).isPresent();
        assertThat(Files.readString(dir.resolve("notes.log"))).isEqualTo("not a day");
    }
}
