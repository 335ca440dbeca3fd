package com.roadcast.observation;

import com.roadcast.model.NodeCatalog;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.Quote;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Turns a posted batch into steps, or a 422 naming the first offending item: unknown sensors, values that
 * are not finite plausible speeds, repeated sensors or times, times off the grid or in the future, and a
 * step carrying no reading at all (empty, or only nulls: it would move the window and hold nothing).
 */
public final class StepParser {
    private final int maxItems;
    private final long intervalSeconds;
    private final Duration maxClockSkew;
    private final double maxSpeedMph;
    private final Clock clock;

    public StepParser(int maxItems, Duration interval, Duration maxClockSkew, double maxSpeedMph, Clock clock) {
        this.maxItems = maxItems;
        this.intervalSeconds = interval.toSeconds();
        this.maxClockSkew = maxClockSkew;
        this.maxSpeedMph = maxSpeedMph;
        this.clock = clock;
    }

    public List<Step> parse(ObservationBatch batch, NodeCatalog catalog) {
        if (batch == null || batch.observations() == null) {
            throw RequestRefused.invalid("observations is required: a list of 1.." + maxItems + " items");
        }
        List<ObservationBatch.Item> items = batch.observations();
        if (items.isEmpty() || items.size() > maxItems) {
            throw RequestRefused.invalid("observations must hold 1.." + maxItems + " items, got " + items.size());
        }
        Map<Instant, Integer> seen = new HashMap<>();
        List<Step> steps = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String where = "observations[" + i + "]";
            ObservationBatch.Item item = items.get(i);
            if (item == null) {
                throw RequestRefused.invalid(where + " must be an object with timestamp and speeds");
            }
            Instant time = parseTime(where, item.timestamp());
            Integer earlier = seen.putIfAbsent(time, i);
            if (earlier != null) {
                throw RequestRefused.invalid(where + ".timestamp repeats observations[" + earlier + "]'s time " + time);
            }
            steps.add(new Step(time, parseSpeeds(where, item.speeds(), catalog)));
        }
        return steps;
    }

    private Instant parseTime(String where, String text) {
        if (text == null) {
            throw RequestRefused.invalid(where + ".timestamp is required");
        }
        Instant time = StepTimes.parse(where + ".timestamp", text);
        if (time.getNano() != 0 || Math.floorMod(time.getEpochSecond(), intervalSeconds) != 0) {
            throw RequestRefused.invalid(where + ".timestamp " + Quote.of(text) + " is not on the "
                    + intervalSeconds / 60 + "-minute grid");
        }
        if (time.isAfter(clock.instant().plus(maxClockSkew))) {
            throw RequestRefused.invalid(where + ".timestamp " + Quote.of(text) + " is in the future");
        }
        return time;
    }

    private float[] parseSpeeds(String where, SpeedReadings readings, NodeCatalog catalog) {
        if (readings == null) {
            throw RequestRefused.invalid(where + ".speeds must map at least one sensor id to a speed in mph");
        }
        float[] speeds = new float[catalog.size()];
        Arrays.fill(speeds, Float.NaN);
        for (Map.Entry<String, Object> reading : readings.values().entrySet()) {
            OptionalInt index = catalog.indexOf(reading.getKey());
            if (index.isEmpty()) {
                throw RequestRefused.invalid(where + ".speeds: unknown sensor id " + Quote.of(reading.getKey()));
            }
            if (reading.getValue() == null) {
                continue;
            }
            speeds[index.getAsInt()] = (float) speed(where, reading.getKey(), reading.getValue());
        }
        if (readings.values().values().stream().allMatch(Objects::isNull)) {
            throw RequestRefused.invalid(where + ".speeds must map at least one sensor id to a speed in mph "
                    + "(a step with no reading, empty or only nulls, is not stored)");
        }
        return speeds;
    }

    /** The reading's speed; the message naming it ({@code where.speeds['id']}) is built only to refuse it. */
    private double speed(String where, String sensor, Object value) {
        if (!(value instanceof Number number)) {
            throw RequestRefused.invalid(reading(where, sensor) + " must be a number (mph) or null, got "
                    + Quote.of(String.valueOf(value)));
        }
        double speed = number.doubleValue();
        if (!Double.isFinite(speed)) {
            throw RequestRefused.invalid(reading(where, sensor) + " is not a finite number");
        }
        if (speed < 0 || speed > maxSpeedMph) {
            throw RequestRefused.invalid(reading(where, sensor) + " = " + speed + " mph is outside 0.." + maxSpeedMph);
        }
        return speed;
    }

    private static String reading(String where, String sensor) {
        return where + ".speeds[" + Quote.of(sensor) + "]";
    }
}
