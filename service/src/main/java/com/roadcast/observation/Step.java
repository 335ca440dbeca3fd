package com.roadcast.observation;

import java.time.Instant;

/**
 * One 5-minute step: its time and a speed per catalog node (catalog order), {@code NaN} where the sensor
 * sent nothing.
 */
public record Step(Instant time, float[] speeds) {

    public int missingCount() {
        int missing = 0;
        for (float speed : speeds) {
            if (Float.isNaN(speed)) {
                missing++;
            }
        }
        return missing;
    }
}
