package com.roadcast.quality;

import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.observation.WindowUnavailableException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sensor's health, computed once per window revision (one read of the last 24 h of history, for all
 * sensors) and reused until the revision changes: requests and scrapes only compare revisions. A late step
 * older than the window changes the history but not the revision, so it counts from the next window change
 * (live, the next step). When the history cannot be read, the last report serves (the window alone before
 * there is one) and the next call tries again.
 */
public final class SensorHealth {
    private static final Logger LOG = LoggerFactory.getLogger(SensorHealth.class);
    private final ObservationHistory history;
    private final QualityScan scan;
    private volatile @Nullable QualityReport computed;

    SensorHealth(ObservationHistory history, QualityScan scan) {
        this.history = history;
        this.scan = scan;
    }

    /** The report for the current window revision. */
    public QualityReport current() {
        QualityReport held = computed;
        if (held != null && held.revision() == history.snapshot().revision()) {
            return held;
        }
        return recompute();
    }

    private synchronized QualityReport recompute() {
        WindowSnapshot snapshot = history.snapshot();
        QualityReport held = computed;
        if (held != null && held.revision() == snapshot.revision()) {
            return held;
        }
        if (snapshot.steps().isEmpty()) {
            return QualityReport.noData(snapshot.revision(), scan.sensors());
        }
        Instant newest = snapshot.steps().get(snapshot.steps().size() - 1).time();
        try {
            QualityReport fresh = scan.scan(snapshot.revision(), snapshot.steps(),
                    history.range(scan.dayStart(newest), newest));
            computed = fresh;
            return fresh;
        } catch (WindowUnavailableException e) {
            LOG.warn("sensor health not recomputed, the history cannot be read: {}", e.getMessage());
            return held != null ? held : scan.scan(snapshot.revision(), snapshot.steps(), snapshot.steps().iterator());
        }
    }
}
