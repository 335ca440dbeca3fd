package com.roadcast.observation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The window as one reader saw it: its steps oldest first, a revision that changes whenever the window
 * does (so a forecast can be keyed by it), and when data last arrived (wall clock).
 */
public record WindowSnapshot(long revision, List<Step> steps, Optional<Instant> lastIngestAt) {

    public static WindowSnapshot empty() {
        return new WindowSnapshot(0, List.of(), Optional.empty());
    }

    public Optional<Instant> latestStep() {
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1).time());
    }
}
