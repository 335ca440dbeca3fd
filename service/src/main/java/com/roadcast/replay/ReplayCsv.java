package com.roadcast.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A Los-loop layout CSV: a header of sensor ids, then one row of speeds (mph) per step. */
public record ReplayCsv(List<String> sensorIds, List<double[]> rows) {

    public static ReplayCsv read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            throw new IOException(file + " is empty: expected a header of sensor ids");
        }
        List<String> ids = Arrays.stream(lines.get(0).split(",")).map(String::trim).toList();
        List<double[]> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",");
            if (cells.length != ids.size()) {
                throw new IOException(file + " line " + (i + 1) + " has " + cells.length + " values, header has " + ids.size());
            }
            rows.add(Arrays.stream(cells).mapToDouble(c -> Double.parseDouble(c.trim())).toArray());
        }
        return new ReplayCsv(ids, rows);
    }
}
