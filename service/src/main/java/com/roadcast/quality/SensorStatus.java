package com.roadcast.quality;

import java.util.Locale;

/** A sensor's health, in order of precedence: the first that applies is the one reported. */
public enum SensorStatus {
    /** No reading in the window (the 12 newest stored steps). */
    MISSING,
    /** Its newest reading is older than {@code quality.staleAfter} before the newest stored step. */
    STALE,
    /** Its newest readings repeat one value for {@code quality.stuckSteps} consecutive stored steps. */
    STUCK,
    OK;

    /** As the API and the metrics label write it: {@code ok}, {@code missing}, {@code stuck}, {@code stale}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
