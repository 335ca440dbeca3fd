package com.roadcast.quality;

import com.roadcast.observation.Step;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Per sensor, over steps fed oldest first: how many readings, the newest one's time, and how many
 * consecutive stored steps end at it with its value. A stored step without the sensor's reading ends a run;
 * a step never stored (a gap in time) does not.
 */
final class SensorTally {
    private final int[] readings;
    private final @Nullable Instant[] lastAt;
    private final float[] lastValue;
    private final int[] run;
    private final boolean[] broken;

    SensorTally(int sensors) {
        readings = new int[sensors];
        lastAt = new Instant[sensors];
        lastValue = new float[sensors];
        run = new int[sensors];
        broken = new boolean[sensors];
    }

    void add(Step step) {
        for (int sensor = 0; sensor < readings.length; sensor++) {
            float speed = speed(step, sensor);
            if (Float.isNaN(speed)) {
                broken[sensor] = true;
                continue;
            }
            run[sensor] = !broken[sensor] && run[sensor] > 0 && speed == lastValue[sensor] ? run[sensor] + 1 : 1;
            broken[sensor] = false;
            lastValue[sensor] = speed;
            lastAt[sensor] = step.time();
            readings[sensor]++;
        }
    }

    /** Sets {@code seen[sensor]} for every sensor with a reading in this step. */
    static void markReadings(Step step, boolean[] seen) {
        for (int sensor = 0; sensor < seen.length; sensor++) {
            seen[sensor] |= !Float.isNaN(speed(step, sensor));
        }
    }

    private static float speed(Step step, int sensor) {
        return sensor < step.speeds().length ? step.speeds()[sensor] : Float.NaN;
    }

    int readings(int sensor) {
        return readings[sensor];
    }

    @Nullable Instant lastReadingAt(int sensor) {
        return lastAt[sensor];
    }

    int run(int sensor) {
        return run[sensor];
    }
}
