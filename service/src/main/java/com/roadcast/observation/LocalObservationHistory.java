package com.roadcast.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/** The embedded default: the history held in this process. */
public final class LocalObservationHistory implements ObservationHistory {
    private final int capacity;
    private final Duration retention;
    private final Clock clock;
    private final ConcurrentSkipListMap<Instant, Step> steps = new ConcurrentSkipListMap<>();
    private long revision;
    private @Nullable Instant lastIngestAt;
    private volatile WindowSnapshot snapshot = WindowSnapshot.empty();

    public LocalObservationHistory(int capacity, Duration retention, Clock clock) {
        this.capacity = capacity;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public synchronized boolean[] append(List<Step> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (steps.containsKey(batch.get(i).time())) {
                throw new DuplicateStepException(i);
            }
        }
        batch.forEach(step -> steps.put(step.time(), step));
        steps.headMap(steps.lastKey().minus(retention)).clear();
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
