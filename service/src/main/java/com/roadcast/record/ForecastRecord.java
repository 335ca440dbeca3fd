package com.roadcast.record;

import java.time.Instant;

/**
 * The forecast of record for one window: every node at every horizon as one inference made it, with what
 * it was made from. {@code values[(h - 1) * nodes + n]} is node {@code n}'s speed {@code h} steps after
 * {@code dataAsOf}; {@code persistence[n]} is node {@code n}'s last observed reading in the window (NaN when
 * it had none), the baseline accuracy is compared with; {@code inputsImputed[n]} how many of its inputs
 * were imputed.
 */
public record ForecastRecord(Instant dataAsOf, String modelName, String modelVersion, double inferenceTimeMs,
        int horizons, float[] values, int[] inputsImputed, float[] persistence) {

    public ForecastRecord {
        if (values.length != horizons * persistence.length || inputsImputed.length != persistence.length) {
            throw new IllegalArgumentException("a record needs nodes x horizons values and one count and baseline per node");
        }
    }

    public int nodes() {
        return persistence.length;
    }

    public float speed(int horizon, int node) {
        return values[(horizon - 1) * nodes() + node];
    }

    /** The speed as answers carry it: rounded to cents. */
    public double servedSpeed(int horizon, int node) {
        return Math.round(speed(horizon, node) * 100.0) / 100.0;
    }

    /** Readings imputed over all nodes. */
    public int imputedReadings() {
        int total = 0;
        for (int count : inputsImputed) {
            total += count;
        }
        return total;
    }
}
