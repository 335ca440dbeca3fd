package com.roadcast.observation;

import com.roadcast.dayfile.DayFileLog;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded history on disk: a {@link DayFileLog} of {@code .steps} day files, one payload per step (its
 * epoch second, then one float32 per node, NaN = missing; little-endian). An append is written to the files
 * before it returns, so a killed process loses nothing it acknowledged; {@link #sync()} (called every
 * {@code history.syncEvery}) or each append flushes them to the device, which bounds what a power loss can
 * take. Records in {@link OlderStepRecords}' format are read too.
 */
final class StepLog implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);
    private final DayFileLog log;
    private final int nodes;

    /** What a directory held: its steps by time (the first of two with one time), records skipped, last write. */
    record Loaded(List<Step> steps, int skipped, Optional<Instant> lastWrite) {}

    /**
     * Opens {@code dir} (created if missing) for steps of {@code nodes} readings.
     *
     * @throws IllegalStateException naming the directory when it cannot be created or written
     */
    StepLog(Path dir, int nodes, boolean syncEachAppend) {
        this.nodes = nodes;
        try {
            this.log = new DayFileLog(dir, ".steps", syncEachAppend, new OlderStepRecords());
        } catch (IOException e) {
            throw new IllegalStateException("history.dir " + dir.toAbsolutePath() + " cannot be created or written ("
                    + e + "): the embedded history needs a writable directory", e);
        }
    }

    Path dir() {
        return log.dir();
    }

    /**
     * Reads every day file, cutting torn tails back to their last intact record. Records of another node
     * count are skipped (and kept in the file, for a bundle of that catalog).
     */
    Loaded load() throws IOException {
        TreeMap<Instant, Step> steps = new TreeMap<>();
        int[] otherCount = new int[1];
        DayFileLog.Loaded loaded = log.load((at, payload) -> {
            if (payload.length == Long.BYTES + nodes * Float.BYTES) {
                Step step = decode(payload);
                steps.putIfAbsent(step.time(), step);
            } else {
                otherCount[0]++;
            }
        });
        if (otherCount[0] > 0) {
            LOG.warn("history {}: {} records skipped: their node count is not the catalog's {}", dir(),
                    otherCount[0], nodes);
        }
        return new Loaded(List.copyOf(steps.values()), loaded.skipped() + otherCount[0], loaded.lastWrite());
    }

    /**
     * Writes the steps to their days' files before returning. On failure every file is cut back to where it
     * was, so nothing of the batch is left to be loaded later.
     */
    void append(List<Step> steps) throws IOException {
        log.append(steps.stream().map(step -> new DayFileLog.Entry(step.time(), encode(step))).toList());
    }

    private static byte[] encode(Step step) {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES + step.speeds().length * Float.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(step.time().getEpochSecond());
        for (float speed : step.speeds()) {
            bytes.putFloat(speed);
        }
        return bytes.array();
    }

    private Step decode(byte[] payload) {
        ByteBuffer bytes = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
        Instant time = Instant.ofEpochSecond(bytes.getLong());
        float[] speeds = new float[nodes];
        for (int i = 0; i < nodes; i++) {
            speeds[i] = bytes.getFloat();
        }
        return new Step(time, speeds);
    }

    /** Deletes the day files whose every step is older than {@code cutoff}. */
    void dropBefore(Instant cutoff) {
        log.dropBefore(cutoff);
    }

    /** Flushes what was written since the last sync to the device. */
    void sync() {
        log.sync();
    }

    /** Flushes what is left to the device. */
    @Override
    public void stop() {
        sync();
    }
}
