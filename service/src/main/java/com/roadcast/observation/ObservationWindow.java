package com.roadcast.observation;

import java.util.List;

/**
 * The most recent steps, kept in process (embedded default) or in Redis (shared by instances).
 * Appends are atomic: a batch is stored whole or not at all.
 */
public interface ObservationWindow {

    /**
     * Stores the steps, then keeps only the newest {@code capacity} steps by time.
     *
     * @return for each step, whether it is in the window after the append (an old step may fall out at once)
     * @throws DuplicateStepException when a step's time is already in the window; nothing is stored
     * @throws WindowUnavailableException when the store cannot be reached; nothing is stored
     */
    boolean[] append(List<Step> steps);

    /** The current window; an empty one before any data. */
    WindowSnapshot snapshot();

    /** How many steps the window keeps. */
    int capacity();
}
