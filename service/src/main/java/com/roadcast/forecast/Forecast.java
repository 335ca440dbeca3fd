package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.record.ForecastRecord;

/**
 * Every node's forecast for every horizon from one inference on one window (its {@link ForecastRecord}),
 * with the model and window revision it was made for: computed once, then sliced per request.
 */
record Forecast(LoadedModel model, long windowRevision, ForecastRecord record) {

    boolean isFor(LoadedModel candidate, long revision) {
        return model == candidate && windowRevision == revision;
    }
}
