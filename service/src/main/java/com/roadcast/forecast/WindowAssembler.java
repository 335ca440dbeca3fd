package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.observation.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays the stored steps on the model's grid (the {@code inputSteps} slots ending at the newest step) and
 * fills every gap: a missing reading takes the sensor's previous value in the window, else its next one,
 * else its training mean. Gaps and missing sensors therefore degrade a forecast, never block it.
 */
final class WindowAssembler {

    /**
     * The model's input, how many of each node's values were imputed, and each node's last observed
     * reading (NaN when the window holds none: the persistence forecast accuracy is compared with).
     */
    record Input(float[] speeds, Instant newest, int[] imputed, float[] lastObserved) {}

    private WindowAssembler() {}

    static Input assemble(List<Step> steps, LoadedModel model) {
        int slots = model.inputSteps();
        int nodes = model.catalog().size();
        Instant newest = steps.get(steps.size() - 1).time();
        Duration interval = model.interval();
        Map<Instant, Step> byTime = new HashMap<>();
        steps.forEach(step -> byTime.put(step.time(), step));

        float[] speeds = new float[slots * nodes];
        for (int slot = 0; slot < slots; slot++) {
            Step step = byTime.get(newest.minus(interval.multipliedBy(slots - 1 - slot)));
            for (int n = 0; n < nodes; n++) {
                speeds[slot * nodes + n] = step == null ? Float.NaN : step.speeds()[n];
            }
        }
        int[] imputed = new int[nodes];
        float[] lastObserved = new float[nodes];
        for (int n = 0; n < nodes; n++) {
            lastObserved[n] = lastObserved(speeds, n, nodes, slots);
            imputed[n] = fill(speeds, n, nodes, slots, (float) model.catalog().get(n).meanSpeed());
        }
        return new Input(speeds, newest, imputed, lastObserved);
    }

    private static float lastObserved(float[] speeds, int node, int nodes, int slots) {
        for (int slot = slots - 1; slot >= 0; slot--) {
            if (!Float.isNaN(speeds[slot * nodes + node])) {
                return speeds[slot * nodes + node];
            }
        }
        return Float.NaN;
    }

    /** Fills one node's column: forward from its last reading, backward before its first, else the fallback. */
    private static int fill(float[] speeds, int node, int nodes, int slots, float fallback) {
        int first = 0;
        while (first < slots && Float.isNaN(speeds[first * nodes + node])) {
            first++;
        }
        float carried = first < slots ? speeds[first * nodes + node] : fallback;
        int filled = 0;
        for (int slot = 0; slot < slots; slot++) {
            int i = slot * nodes + node;
            if (Float.isNaN(speeds[i])) {
                speeds[i] = carried;
                filled++;
            } else {
                carried = speeds[i];
            }
        }
        return filled;
    }
}
