package com.roadcast.observation;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Function;

/**
 * One media type of {@code GET /v1/observations}: writes the steps as the history yields them, through a
 * buffer, never holding more than one step. Speeds are written as {@link Float#toString(float)} writes
 * them, so a reading parses back to exactly the float32 that was stored.
 */
sealed interface ExportWriter permits CsvExportWriter, JsonExportWriter {

    /**
     * Writes the export and flushes it; when {@code steps} throws, the exception propagates and what was
     * written so far is flushed unterminated (no closing bracket), so the body cannot pass for complete.
     */
    void write(ExportQuery query, Iterator<Step> steps, Function<Instant, String> times, OutputStream out)
            throws IOException;
}
