package com.roadcast.observation;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded history on disk: one append-only segment file per UTC day of step time
 * ({@code 2012-03-06.steps}) in {@link StepRecords}' format. An append is written to the files before it
 * returns, so a killed process loses nothing it acknowledged; {@link #sync()} (called every
 * {@code history.syncEvery}) or each append flushes them to the device, which bounds what a power loss can
 * take. A torn or corrupt record is skipped on load and a torn tail is cut off, so later appends stay
 * readable.
 */
final class StepLog implements Managed {
    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);
    private static final String SUFFIX = ".steps";

    private final Path dir;
    private final int nodes;
    private final boolean syncEachAppend;
    private final TreeSet<LocalDate> days = new TreeSet<>();
    private final Map<LocalDate, FileChannel> open = new HashMap<>();
    private final Set<FileChannel> unsynced = new HashSet<>();
    private boolean dirUnsynced;

    /** What a directory held: its steps by time (the first of two with one time), records skipped, last write. */
    record Loaded(List<Step> steps, int skipped, Optional<Instant> lastWrite) {}

    /**
     * Opens {@code dir} (created if missing) for steps of {@code nodes} readings.
     *
     * @throws IllegalStateException naming the directory when it cannot be created or written
     */
    StepLog(Path dir, int nodes, boolean syncEachAppend) {
        this.dir = dir;
        this.nodes = nodes;
        this.syncEachAppend = syncEachAppend;
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("history.dir " + dir.toAbsolutePath() + " cannot be created or written ("
                    + e + "): the embedded history needs a writable directory", e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Reads every segment, cutting torn tails back to their last intact record. */
    synchronized Loaded load() throws IOException {
        TreeMap<Instant, Step> steps = new TreeMap<>();
        int skipped = 0;
        Optional<Instant> lastWrite = Optional.empty();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path file : files) {
                Optional<LocalDate> day = day(file);
                if (day.isEmpty()) {
                    continue;
                }
                days.add(day.get());
                skipped += read(file, steps);
                Instant written = Files.getLastModifiedTime(file).toInstant();
                lastWrite = lastWrite.filter(w -> w.isAfter(written)).or(() -> Optional.of(written));
            }
        }
        return new Loaded(List.copyOf(steps.values()), skipped, lastWrite);
    }

    private int read(Path file, TreeMap<Instant, Step> into) throws IOException {
        ByteBuffer bytes = StepRecords.wrap(Files.readAllBytes(file));
        List<Step> steps = new ArrayList<>();
        StepRecords.Scan scan = StepRecords.read(file, bytes, nodes, steps);
        steps.forEach(step -> into.putIfAbsent(step.time(), step));
        if (scan.goodEnd() < bytes.limit()) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(scan.goodEnd());
                channel.force(false);
            }
        }
        return scan.skipped();
    }

    private static Optional<LocalDate> day(Path file) {
        String name = file.getFileName().toString();
        try {
            return Optional.of(LocalDate.parse(name.substring(0, name.length() - SUFFIX.length())));
        } catch (java.time.format.DateTimeParseException notASegment) {
            LOG.warn("history {}: not a segment name (yyyy-mm-dd{}), ignored", file, SUFFIX);
            return Optional.empty();
        }
    }

    /**
     * Writes the steps to their days' segments before returning. On failure every segment is cut back to
     * where it was, so nothing of the batch is left to be loaded later.
     */
    synchronized void append(List<Step> steps) throws IOException {
        Map<LocalDate, List<Step>> byDay = new TreeMap<>();
        steps.forEach(step -> byDay.computeIfAbsent(LocalDate.ofInstant(step.time(), ZoneOffset.UTC),
                d -> new ArrayList<>()).add(step));
        Map<FileChannel, Long> before = new HashMap<>();
        try {
            for (Map.Entry<LocalDate, List<Step>> day : byDay.entrySet()) {
                FileChannel channel = channel(day.getKey());
                before.put(channel, channel.size());
                ByteBuffer bytes = StepRecords.encode(day.getValue());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                if (syncEachAppend) {
                    channel.force(false);
                }
            }
        } catch (IOException e) {
            undo(before, e);
            throw e;
        }
        unsynced.addAll(before.keySet());
    }

    private static void undo(Map<FileChannel, Long> before, IOException failure) {
        before.forEach((channel, size) -> {
            try {
                channel.truncate(size);
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        });
    }

    private FileChannel channel(LocalDate day) throws IOException {
        FileChannel channel = open.get(day);
        if (channel == null) {
            channel = FileChannel.open(file(day), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            open.put(day, channel);
            dirUnsynced |= days.add(day);
        }
        return channel;
    }

    private Path file(LocalDate day) {
        return dir.resolve(day + SUFFIX);
    }

    /** Deletes the segments whose every step is older than {@code cutoff}. */
    synchronized void dropBefore(Instant cutoff) {
        while (!days.isEmpty() && !days.first().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
            LocalDate day = days.pollFirst();
            try {
                FileChannel channel = open.remove(day);
                if (channel != null) {
                    unsynced.remove(channel);
                    channel.close();
                }
                Files.deleteIfExists(file(day));
                dirUnsynced = true;
            } catch (IOException e) {
                LOG.warn("history {}: could not delete this segment past the retention (deleted on a later start)",
                        file(day), e);
            }
        }
    }

    /** Flushes what was written since the last sync to the device. */
    void sync() {
        List<FileChannel> dirty;
        boolean syncDir;
        synchronized (this) {
            dirty = List.copyOf(unsynced);
            unsynced.clear();
            syncDir = dirUnsynced;
            dirUnsynced = false;
        }
        try {
            for (FileChannel channel : dirty) {
                force(channel);
            }
            if (syncDir) {
                try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                    directory.force(true);
                }
            }
        } catch (IOException e) {
            LOG.error("history {}: flushing to the device failed; a power loss may lose recent steps", dir, e);
        }
    }

    private static void force(FileChannel channel) throws IOException {
        try {
            channel.force(false);
        } catch (ClosedChannelException deletedPastRetention) {
            // nothing left to flush
        }
    }

    /** Flushes and closes the segments. */
    @Override
    public void stop() {
        sync();
        synchronized (this) {
            for (FileChannel channel : open.values()) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.warn("history {}: closing a segment failed", dir, e);
                }
            }
            open.clear();
        }
    }
}
