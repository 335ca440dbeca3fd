package com.roadcast.observation;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

/** {@code text/csv}: a header {@code timestamp,<id>,...}, one row per stored step, an empty cell where a reading is missing. */
final class CsvExportWriter implements ExportWriter {
    static final String MEDIA_TYPE = "text/csv";
    private static final int BUFFER_CHARS = 64 * 1024;

    @Override
    public void write(ExportQuery query, Iterator<Step> steps, Function<Instant, String> times, OutputStream out)
            throws IOException {
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER_CHARS);
        try {
            csv.write("timestamp");
            for (String node : query.nodes()) {
                csv.write(',');
                csv.write(node);
            }
            csv.write("\r\n");
            while (steps.hasNext()) {
                Step step = steps.next();
                csv.write(times.apply(step.time()));
                for (int column : query.columns()) {
                    csv.write(',');
                    float speed = step.speeds()[column];
                    if (!Float.isNaN(speed)) {
                        csv.write(Float.toString(speed));
                    }
                }
                csv.write("\r\n");
            }
        } finally {
            csv.flush();
        }
    }
}
