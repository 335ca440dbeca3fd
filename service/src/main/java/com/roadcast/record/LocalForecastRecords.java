package com.roadcast.record;

import com.roadcast.dayfile.DayFileLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Records on local disk: a {@link DayFileLog} of {@code .records} day files (by the window's time), and an
 * index in memory of where each window's newest record lies. A record replaced later is appended again and
 * the index moves to it. A torn or corrupt record is skipped on start and logged; it is never served. Files
 * whose whole day lies beyond the retention are deleted.
 */
public final class LocalForecastRecords implements ForecastRecords {
    private final DayFileLog log;
    private final Duration retention;
    private final ConcurrentSkipListMap<Instant, DayFileLog.Position> index = new ConcurrentSkipListMap<>();

    /** @throws UncheckedIOException when the directory cannot be created, written or read */
    public LocalForecastRecords(Path dir, Duration retention) {
        this.retention = retention;
        try {
            log = new DayFileLog(dir, ".records", false, DayFileLog.OlderFormat.NONE);
            log.load((at, payload) -> RecordCodec.timeOf(payload).ifPresent(time -> index.put(time, at)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the forecast records directory " + dir.toAbsolutePath(), e);
        }
        if (!index.isEmpty()) {
            dropOlderThan(index.lastKey().minus(retention));
        }
    }

    @Override
    public synchronized void put(ForecastRecord record) {
        try {
            DayFileLog.Position at = log.append(List.of(new DayFileLog.Entry(record.dataAsOf(),
                    RecordCodec.encode(record)))).get(0);
            index.put(record.dataAsOf(), at);
        } catch (IOException e) {
            throw new RecordsUnavailableException(e);
        }
        dropOlderThan(index.lastKey().minus(retention));
    }

    private void dropOlderThan(Instant cutoff) {
        index.headMap(cutoff).clear();
        log.dropBefore(cutoff);
    }

    @Override
    public Optional<ForecastRecord> get(Instant dataAsOf) {
        DayFileLog.Position at = index.get(dataAsOf);
        return at == null ? Optional.empty() : Optional.of(read(at));
    }

    private ForecastRecord read(DayFileLog.Position at) {
        try {
            return RecordCodec.decode(log.read(at));
        } catch (IOException e) {
            throw new RecordsUnavailableException(e);
        }
    }

    @Override
    public Iterator<ForecastRecord> range(Instant from, Instant to) {
        return List.copyOf(index.subMap(from, true, to, true).values()).stream().map(this::read).iterator();
    }

    @Override
    public Duration retention() {
        return retention;
    }
}
