package com.roadcast.dayfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of payloads on local disk, one file per UTC day of each payload's time
 * ({@code 2012-03-06.steps}), each payload framed as its length, its bytes and their CRC32 (little-endian).
 * An append reaches the files before it returns; {@link #sync()}, or each append when asked, flushes them to
 * the device. On {@link #load}, a torn or corrupt frame is skipped (reading goes on at the next intact one)
 * and a torn tail is cut off, so later appends stay readable. Whole day files past a cutoff are deleted.
 */
public final class DayFileLog {
    private static final Logger LOG = LoggerFactory.getLogger(DayFileLog.class);
    private static final int FRAME = 2 * Integer.BYTES;

    private final Path dir;
    private final String suffix;
    private final boolean syncEachAppend;
    private final OlderFormat older;
    private final TreeSet<LocalDate> days = new TreeSet<>();
    private final Set<LocalDate> unsynced = new HashSet<>();
    private boolean dirUnsynced;

    /** A payload to append, filed under the UTC day of {@code time}. */
    public record Entry(Instant time, byte[] payload) {}

    /** Where a payload lies: {@code length} bytes at {@code offset} of its day's file. */
    public record Position(LocalDate day, long offset, int length) {}

    /** What {@link #load} found: frames skipped as torn or corrupt, and when a file was last written. */
    public record Loaded(int skipped, Optional<Instant> lastWrite) {}

    /** Told of every intact payload, file by file in day order, each file in the order it was written. */
    @FunctionalInterface
    public interface Reader {
        void payload(Position at, byte[] payload);
    }

    /** Records of a format files held before this framing; read where no frame is, never written. */
    public interface OlderFormat {
        OlderFormat NONE = new OlderFormat() {
            @Override
            public int lengthAt(ByteBuffer bytes, int pos) {
                return 0;
            }

            @Override
            public byte[] payload(ByteBuffer bytes, int pos, int length) {
                throw new IllegalStateException("no older format");
            }
        };

        /** The length of the intact older record at {@code pos} of the little-endian {@code bytes}; 0 if none. */
        int lengthAt(ByteBuffer bytes, int pos);

        /** The payload, as a frame would hold it, of the record {@link #lengthAt} found. */
        byte[] payload(ByteBuffer bytes, int pos, int length);
    }

    /**
     * Uses {@code dir} (created if missing) for files named {@code yyyy-mm-dd + suffix}.
     *
     * @throws IOException when the directory cannot be created or written
     */
    public DayFileLog(Path dir, String suffix, boolean syncEachAppend, OlderFormat older) throws IOException {
        this.dir = dir;
        this.suffix = suffix;
        this.syncEachAppend = syncEachAppend;
        this.older = older;
        try {
            Files.createDirectories(dir);
            Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
        } catch (UnsupportedOperationException e) {
            throw new IOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** Reads every day file in day order, telling {@code reader} of each intact payload; cuts torn tails. */
    public synchronized Loaded load(Reader reader) throws IOException {
        int skipped = 0;
        Optional<Instant> lastWrite = Optional.empty();
        for (Map.Entry<LocalDate, Path> file : files().entrySet()) {
            days.add(file.getKey());
            skipped += read(file.getKey(), file.getValue(), reader);
            Instant written = Files.getLastModifiedTime(file.getValue()).toInstant();
            lastWrite = lastWrite.filter(w -> w.isAfter(written)).or(() -> Optional.of(written));
        }
        return new Loaded(skipped, lastWrite);
    }

    private Map<LocalDate, Path> files() throws IOException {
        TreeSet<Path> paths = new TreeSet<>();
        try (DirectoryStream<Path> listed = Files.newDirectoryStream(dir, "*" + suffix)) {
            listed.forEach(paths::add);
        }
        Map<LocalDate, Path> files = new LinkedHashMap<>();
        for (Path file : paths) {
            String name = file.getFileName().toString();
            try {
                files.put(LocalDate.parse(name.substring(0, name.length() - suffix.length())), file);
            } catch (DateTimeParseException notADayFile) {
                LOG.warn("{}: not a day file name (yyyy-mm-dd{}), ignored", file, suffix);
            }
        }
        return files;
    }

    private int read(LocalDate day, Path file, Reader reader) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int skipped = 0;
        int pos = 0;
        while (pos < bytes.limit()) {
            int frame = frameAt(bytes, pos);
            int length = frame > 0 ? frame : older.lengthAt(bytes, pos);
            if (length > 0) {
                byte[] payload = frame > 0 ? payload(bytes, pos + Integer.BYTES, frame - FRAME)
                        : older.payload(bytes, pos, length);
                reader.payload(new Position(day, pos + (frame > 0 ? Integer.BYTES : 0), payload.length), payload);
                pos += length;
                continue;
            }
            skipped++;
            int next = nextIntact(bytes, pos + 1);
            if (next < 0) {
                LOG.warn("{}: torn or corrupt record at offset {} ({} bytes to the end) skipped; the file is cut "
                        + "back to offset {}", file, pos, bytes.limit() - pos, pos);
                cut(file, pos);
                break;
            }
            LOG.warn("{}: corrupt record at offset {} ({} bytes) skipped", file, pos, next - pos);
            pos = next;
        }
        return skipped;
    }

    private static byte[] payload(ByteBuffer bytes, int at, int length) {
        byte[] payload = new byte[length];
        bytes.get(at, payload);
        return payload;
    }

    /** The whole length of the intact frame at {@code pos}; 0 when there is none. */
    private static int frameAt(ByteBuffer bytes, int pos) {
        int room = bytes.limit() - pos;
        if (room < FRAME) {
            return 0;
        }
        int length = bytes.getInt(pos);
        if (length < 1 || length > room - FRAME) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes.duplicate().position(pos + Integer.BYTES).limit(pos + Integer.BYTES + length));
        return (int) crc.getValue() == bytes.getInt(pos + Integer.BYTES + length) ? length + FRAME : 0;
    }

    private int nextIntact(ByteBuffer bytes, int from) {
        for (int pos = from; pos < bytes.limit(); pos++) {
            if (frameAt(bytes, pos) > 0 || older.lengthAt(bytes, pos) > 0) {
                return pos;
            }
        }
        return -1;
    }

    private static void cut(Path file, long at) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(at);
            channel.force(false);
        }
    }

    /**
     * Writes the entries to their days' files before returning, and tells where each payload lies. On failure
     * every file is cut back to where it was, so nothing of the batch is left to be loaded later.
     */
    public synchronized List<Position> append(List<Entry> entries) throws IOException {
        Map<LocalDate, FileChannel> open = new LinkedHashMap<>();
        Map<FileChannel, Long> before = new LinkedHashMap<>();
        List<Position> positions = new ArrayList<>(entries.size());
        try {
            for (Entry entry : entries) {
                LocalDate day = LocalDate.ofInstant(entry.time(), ZoneOffset.UTC);
                FileChannel channel = open.get(day);
                if (channel == null) {
                    channel = FileChannel.open(file(day), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.APPEND);
                    open.put(day, channel);
                    before.put(channel, channel.size());
                }
                positions.add(new Position(day, channel.size() + Integer.BYTES, entry.payload().length));
                write(channel, entry.payload());
            }
            if (syncEachAppend) {
                for (FileChannel channel : open.values()) {
                    channel.force(false);
                }
            }
        } catch (IOException e) {
            undo(before, e);
            throw e;
        } finally {
            close(open.values());
        }
        for (LocalDate day : open.keySet()) {
            dirUnsynced |= days.add(day);
            if (!syncEachAppend) {
                unsynced.add(day);
            }
        }
        return positions;
    }

    private static void write(FileChannel channel, byte[] payload) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer frame = ByteBuffer.allocate(FRAME + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload.length).put(payload).putInt((int) crc.getValue()).flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
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

    private static void close(Iterable<FileChannel> channels) throws IOException {
        for (FileChannel channel : channels) {
            channel.close();
        }
    }

    private Path file(LocalDate day) {
        return dir.resolve(day + suffix);
    }

    /** The payload at {@code at}, as {@link #append} or {@link #load} told of it (a frame's, not an older record's). */
    public byte[] read(Position at) throws IOException {
        try (FileChannel channel = FileChannel.open(file(at.day()), StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(at.length());
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, at.offset() + bytes.position()) < 0) {
                    throw new IOException(file(at.day()) + " ends inside a record");
                }
            }
            return bytes.array();
        }
    }

    /** Deletes the day files whose whole day lies before {@code cutoff}. */
    public synchronized void dropBefore(Instant cutoff) {
        while (!days.isEmpty() && !days.first().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
            LocalDate day = days.pollFirst();
            unsynced.remove(day);
            try {
                Files.deleteIfExists(file(day));
                dirUnsynced = true;
            } catch (IOException e) {
                LOG.warn("{}: could not delete this day file past the retention (deleted on a later start)",
                        file(day), e);
            }
        }
    }

    /** Flushes what was appended since the last sync to the device. */
    public void sync() {
        List<LocalDate> dirty;
        boolean syncDir;
        synchronized (this) {
            dirty = List.copyOf(unsynced);
            unsynced.clear();
            syncDir = dirUnsynced;
            dirUnsynced = false;
        }
        try {
            for (LocalDate day : dirty) {
                force(file(day));
            }
            if (syncDir) {
                try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                    directory.force(true);
                }
            }
        } catch (IOException e) {
            LOG.error("{}: flushing to the device failed; a power loss may lose recent appends", dir, e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(false);
        } catch (java.nio.file.NoSuchFileException deletedPastRetention) {
            // nothing left to flush
        }
    }
}
