package com.roadcast.observation;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Embedded histories for tests outside this package. */
public final class TestHistories {

    private TestHistories() {}

    /** An embedded history in {@code dir} for {@code nodes} sensors, each append flushed to the device. */
    public static ObservationHistory local(Path dir, int capacity, Duration retention, int nodes) {
        return new LocalObservationHistory(capacity, retention, Clock.systemUTC(), new StepLog(dir, nodes, true));
    }
}
