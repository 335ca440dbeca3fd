package com.roadcast.observation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: the history held in this process and in its {@link StepLog} on local disk, which
 * every append reaches before it returns and which a new process loads back.
 */
public final class LocalObservationHistory implements ObservationHistory {
    private static final Logger LOG = LoggerFactory.getLogger(LocalObservationHistory.class);
    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final StepLog log;
    private final ConcurrentSkipListMap<Instant, Step> steps = new ConcurrentSkipListMap<>();
    private long revision;
    private @Nullable Instant lastIngestAt;
    private volatile WindowSnapshot snapshot;

    /**
     * Loads what {@code log} holds. The revision starts at the load time in milliseconds x 1000, above any
     * an earlier process handed out, so no forecast cached for an earlier window can be taken for this one.
     */
    LocalObservationHistory(int capacity, Duration retention, Clock clock, StepLog log) {
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
        this.log = log;
        StepLog.Loaded loaded;
        try {
            loaded = log.load();
        } catch (IOException e) {
            throw new UncheckedIOException("history.dir " + log.dir().toAbsolutePath() + " could not be read", e);
        }
        loaded.steps().forEach(step -> steps.put(step.time(), step));
        if (!steps.isEmpty()) {
            dropOld();
            lastIngestAt = loaded.lastWrite().orElse(null);
        }
        revision = clock.millis() * 1000;
        snapshot = new WindowSnapshot(revision, newest(), Optional.ofNullable(lastIngestAt));
        LOG.info("history {}: {} steps loaded, {} records skipped", log.dir(), steps.size(), loaded.skipped());
    }

    @Override
    public synchronized boolean[] append(List<Step> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (steps.containsKey(batch.get(i).time())) {
                throw new DuplicateStepException(i);
            }
        }
        try {
            log.append(batch);
        } catch (IOException e) {
            LOG.error("history {}: a batch could not be written; it was refused (503) and nothing of it kept", log.dir(), e);
            throw new WindowUnavailableException("history.dir " + log.dir() + " could not be written: " + e, e);
        }
        batch.forEach(step -> steps.put(step.time(), step));
        dropOld();
        List<Step> window = newest();
        Instant oldestInWindow = window.get(0).time();
        boolean[] kept = new boolean[batch.size()];
        boolean changed = false;
        for (int i = 0; i < kept.length; i++) {
            Instant time = batch.get(i).time();
            kept[i] = !time.isBefore(oldestInWindow) && steps.containsKey(time);
            changed |= kept[i];
        }
        lastIngestAt = clock.instant();
        if (changed) {
            revision++;
        }
        snapshot = new WindowSnapshot(revision, window, Optional.of(lastIngestAt));
        return kept;
    }

    private void dropOld() {
        Instant cutoff = steps.lastKey().minus(retention);
        steps.headMap(cutoff).clear();
        log.dropBefore(cutoff);
    }

    private List<Step> newest() {
        List<Step> window = new ArrayList<>(capacity);
        for (Step step : steps.descendingMap().values()) {
            if (window.size() == capacity) {
                break;
            }
            window.add(0, step);
        }
        return List.copyOf(window);
    }

    @Override
    public WindowSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Duration retention() {
        return retention;
    }

    @Override
    public Iterator<Step> range(Instant from, Instant to) {
        return steps.subMap(from, true, to, true).values().iterator();
    }
}
