package com.roadcast.testing;

import com.roadcast.replay.ReplayCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared Los-loop training CSV (read in place, never copied), as observation steps. */
public final class LosLoop {
    /** Local time of the CSV's first row. */
    public static final OffsetDateTime START = OffsetDateTime.parse("2012-03-01T00:00:00-08:00");
    private static ReplayCsv csv;

    private LosLoop() {}

    public static synchronized ReplayCsv csv() {
        if (csv == null) {
            try {
                csv = ReplayCsv.read(Repo.data().resolve("los_speed_train.csv"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return csv;
    }

    public static OffsetDateTime time(int row) {
        return START.plusMinutes(5L * row);
    }

    /** The observation body item for one row. */
    public static Map<String, Object> item(int row) {
        Map<String, Object> speeds = new LinkedHashMap<>();
        double[] values = csv().rows().get(row);
        for (int i = 0; i < values.length; i++) {
            speeds.put(csv().sensorIds().get(i), values[i]);
        }
        return Map.of("timestamp", time(row).toString(), "speeds", speeds);
    }

    public static Map<String, Object> batch(int fromRow, int rows) {
        return Map.of("observations", java.util.stream.IntStream.range(fromRow, fromRow + rows).mapToObj(LosLoop::item).toList());
    }

    public static List<String> sensors() {
        return csv().sensorIds();
    }
}
