package com.roadcast.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;

/**
 * Every accepted step for the retention period, kept on local disk (embedded default) or in Redis (shared
 * by instances). The model's window is a view of it: the newest {@code capacity} stored steps. Appends are
 * atomic: a batch is stored whole or not at all. Retention counts back from the newest stored step, so a
 * replay of old data keeps its history.
 */
public interface ObservationHistory {

    /**
     * Stores the steps, each in its place by time, then drops steps older than the retention period.
     *
     * @return for each step, whether it is in the window after the append (an old step lands outside it)
     * @throws DuplicateStepException when a step's time is already stored; nothing is stored
     * @throws WindowUnavailableException when the store cannot be reached; nothing is stored
     */
    boolean[] append(List<Step> steps);

    /** The current window (the newest {@code capacity} steps); an empty one before any data. */
    WindowSnapshot snapshot();

    /** How many steps the window holds. */
    int capacity();

    /** How long steps are kept, counted back from the newest stored step. */
    Duration retention();

    /**
     * The stored steps with {@code from <= time <= to}, oldest first, fetched as the iterator advances so
     * a long range costs constant memory.
     *
     * @throws WindowUnavailableException (from the iterator too) when the store cannot be reached
     */
    Iterator<Step> range(Instant from, Instant to);
}
