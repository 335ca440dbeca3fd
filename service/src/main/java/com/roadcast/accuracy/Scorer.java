package com.roadcast.accuracy;

import com.roadcast.observation.Step;
import com.roadcast.record.ForecastRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.TreeMap;

/**
 * Scores forecasts of record against the readings that later arrived. A pair (sensor, target time) of a
 * horizon counts when the target step holds an observed reading for the sensor (missing readings are never
 * stored, so imputed ones are never scored) and the sensor had an observed reading in the forecast's window
 * (the persistence forecast, scored on exactly the same pairs). Forecasts are scored as served: rounded to
 * cents. Both inputs stream in time order; only the steps a record's horizons can reach are held.
 */
final class Scorer {
    private final Duration interval;
    private final int horizons;

    Scorer(Duration interval, int horizons) {
        this.interval = interval;
        this.horizons = horizons;
    }

    /**
     * @param records the records of one model whose targets may fall in {@code [from, to]}, oldest first
     * @param steps the stored steps from {@code from} to {@code to}, oldest first
     * @return one sum per horizon, index {@code h - 1}
     */
    ErrorSums[] score(Iterator<ForecastRecord> records, Iterator<Step> steps, Instant from, Instant to) {
        ErrorSums[] sums = new ErrorSums[horizons];
        for (int h = 0; h < horizons; h++) {
            sums[h] = new ErrorSums();
        }
        TreeMap<Instant, float[]> targets = new TreeMap<>();
        while (records.hasNext()) {
            ForecastRecord record = records.next();
            Instant reach = record.dataAsOf().plus(interval.multipliedBy(horizons));
            while (steps.hasNext() && (targets.isEmpty() || !targets.lastKey().isAfter(reach))) {
                Step step = steps.next();
                targets.put(step.time(), step.speeds());
            }
            targets.headMap(record.dataAsOf(), true).clear();
            for (int h = 1; h <= Math.min(horizons, record.horizons()); h++) {
                Instant target = record.dataAsOf().plus(interval.multipliedBy(h));
                float[] actual = targets.get(target);
                if (actual != null && !target.isBefore(from) && !target.isAfter(to)) {
                    add(sums[h - 1], record, h, actual);
                }
            }
        }
        return sums;
    }

    private static void add(ErrorSums sums, ForecastRecord record, int horizon, float[] actual) {
        for (int n = 0; n < Math.min(actual.length, record.nodes()); n++) {
            if (!Float.isNaN(actual[n]) && !Float.isNaN(record.persistence()[n])) {
                sums.add(record.servedSpeed(horizon, n), record.persistence()[n], actual[n]);
            }
        }
    }
}
