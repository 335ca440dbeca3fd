package com.roadcast.record;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;

/**
 * The forecasts of record, one per window (by the time of its newest step), kept for the history's
 * retention counted back from the newest record: on local disk (embedded) or in Redis (shared).
 */
public interface ForecastRecords {

    /** Keeps the record, replacing one for the same window (its window changed, or the model did). */
    void put(ForecastRecord record);

    /** The record of the window ending at {@code dataAsOf}, if kept. */
    Optional<ForecastRecord> get(Instant dataAsOf);

    /** The records with {@code from <= dataAsOf <= to}, oldest first, read as the iterator advances. */
    Iterator<ForecastRecord> range(Instant from, Instant to);

    /** How long records are kept, counted back from the newest. */
    Duration retention();
}
