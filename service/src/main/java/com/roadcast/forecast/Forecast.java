package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import java.time.Instant;

/**
 * Every node's forecast for every horizon from one inference on one window: computed once, then sliced
 * per request. {@code values[(h - 1) * nodes + n]} is node {@code n}'s speed {@code h} steps ahead.
 */
record Forecast(LoadedModel model, long windowRevision, Instant dataAsOf, float[] values,
        double inferenceTimeMs, int imputedReadings) {

    boolean isFor(LoadedModel candidate, long revision) {
        return model == candidate && windowRevision == revision;
    }

    float speed(int horizon, int node) {
        return values[(horizon - 1) * model.catalog().size() + node];
    }
}
