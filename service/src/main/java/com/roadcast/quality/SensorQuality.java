package com.roadcast.quality;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One sensor's health at a window revision.
 *
 * @param lastReadingAt the step time of its newest reading in the 24 h ending at the newest stored step
 * @param missingRatio24h the share of the 24 h's expected steps without its reading, rounded to 4 decimals
 */
public record SensorQuality(SensorStatus status, @Nullable Instant lastReadingAt, double missingRatio24h) {

    /** Before any data: missing, never read, every step missing. */
    static final SensorQuality NO_DATA = new SensorQuality(SensorStatus.MISSING, null, 1.0);
}
