package com.roadcast.observation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The embedded default: the window in this process, lost on restart. */
public final class InMemoryObservationWindow implements ObservationWindow {
    private final int capacity;
    private final Clock clock;
    private final TreeMap<Instant, Step> steps = new TreeMap<>();
    private long revision;
    private @Nullable Instant lastIngestAt;
    private volatile WindowSnapshot snapshot = WindowSnapshot.empty();

    public InMemoryObservationWindow(int capacity, Clock clock) {
        this.capacity = capacity;
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
        while (steps.size() > capacity) {
            steps.pollFirstEntry();
        }
        boolean[] kept = new boolean[batch.size()];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = steps.containsKey(batch.get(i).time());
        }
        lastIngestAt = clock.instant();
        for (boolean k : kept) {
            if (k) {
                revision++;
                break;
            }
        }
        snapshot = new WindowSnapshot(revision, List.copyOf(new ArrayList<>(steps.values())), Optional.of(lastIngestAt));
        return kept;
    }

    @Override
    public WindowSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public int capacity() {
        return capacity;
    }
}
