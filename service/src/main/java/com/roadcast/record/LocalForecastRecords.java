package com.roadcast.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on local disk: one append-only file per UTC day of the window's time ({@code 2012-03-06.records}),
 * each record framed as length, bytes, CRC32, and an index in memory of where each window's newest record
 * lies. A record replaced later is appended again and the index moves to it. On start, a torn or corrupt
 * tail (a crash mid-write) is cut off and logged; it is never served. Files whose whole day lies beyond the
 * retention are deleted.
 */
public final class LocalForecastRecords implements ForecastRecords {
    private static final Logger LOG = LoggerFactory.getLogger(LocalForecastRecords.class);
    private static final String SUFFIX = ".records";
    private static final int FRAME = 8;
    private final Path dir;
    private final Duration retention;
    private final ConcurrentSkipListMap<Instant, Location> index = new ConcurrentSkipListMap<>();

    private record Location(Path file, long offset, int length) {}

    /** @throws UncheckedIOException when the directory cannot be created or read */
    public LocalForecastRecords(Path dir, Duration retention) {
        this.dir = dir;
        this.retention = retention;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                    load(file);
                }
            }
            if (!index.isEmpty()) {
                index.headMap(index.lastKey().minus(retention)).clear();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the forecast records directory " + dir.toAbsolutePath(), e);
        }
    }

    private void load(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            long at = 0;
            while (at < size) {
                Optional<byte[]> payload = frameAt(channel, at, size);
                if (payload.isEmpty()) {
                    LOG.warn("Forecast records: {} holds a torn or corrupt record at byte {}; cut off there", file, at);
                    channel.truncate(at);
                    break;
                }
                index.put(Instant.ofEpochSecond(timeOf(payload.get())), new Location(file, at + 4, payload.get().length));
                at += FRAME + payload.get().length;
            }
        }
    }

    /** The payload of the frame at {@code at}, when whole and its checksum matches. */
    private static Optional<byte[]> frameAt(FileChannel channel, long at, long size) throws IOException {
        if (size - at < FRAME) {
            return Optional.empty();
        }
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(length, at);
        int n = length.flip().getInt();
        if (n < 9 || size - at - FRAME < n) {
            return Optional.empty();
        }
        ByteBuffer body = ByteBuffer.allocate(n + 4).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(body, at + 4);
        byte[] payload = new byte[n];
        body.flip().get(payload);
        return body.getInt() == checksum(payload) ? Optional.of(payload) : Optional.empty();
    }

    private static long timeOf(byte[] payload) {
        return ByteBuffer.wrap(payload, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static int checksum(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }

    @Override
    public synchronized void put(ForecastRecord record) {
        byte[] payload = RecordCodec.encode(record);
        Path file = dir.resolve(LocalDate.ofInstant(record.dataAsOf(), ZoneOffset.UTC) + SUFFIX);
        ByteBuffer frame = ByteBuffer.allocate(FRAME + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(payload.length).put(payload).putInt(checksum(payload)).flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            long at = channel.size();
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            index.put(record.dataAsOf(), new Location(file, at + 4, payload.length));
        } catch (IOException e) {
            throw new RecordsUnavailableException(e);
        }
        dropOlderThan(index.lastKey().minus(retention));
    }

    private void dropOlderThan(Instant cutoff) {
        index.headMap(cutoff).clear();
        String lastDropped = LocalDate.ofInstant(cutoff, ZoneOffset.UTC).minusDays(1) + SUFFIX;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)
                    && f.getFileName().toString().compareTo(lastDropped) <= 0).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            LOG.warn("Forecast records: could not delete files past the retention in {}", dir, e);
        }
    }

    @Override
    public Optional<ForecastRecord> get(Instant dataAsOf) {
        Location location = index.get(dataAsOf);
        return location == null ? Optional.empty() : Optional.of(read(location));
    }

    private static ForecastRecord read(Location location) {
        try (FileChannel channel = FileChannel.open(location.file(), StandardOpenOption.READ)) {
            ByteBuffer bytes = ByteBuffer.allocate(location.length());
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, location.offset() + bytes.position()) < 0) {
                    throw new IOException("the file ends inside a record");
                }
            }
            return RecordCodec.decode(bytes.array());
        } catch (IOException e) {
            throw new RecordsUnavailableException(e);
        }
    }

    @Override
    public Iterator<ForecastRecord> range(Instant from, Instant to) {
        Iterator<Location> locations = List.copyOf(index.subMap(from, true, to, true).values()).iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return locations.hasNext();
            }

            @Override
            public ForecastRecord next() {
                return read(locations.next());
            }
        };
    }

    @Override
    public Duration retention() {
        return retention;
    }
}
