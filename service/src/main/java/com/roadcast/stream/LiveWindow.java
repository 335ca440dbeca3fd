package com.roadcast.stream;

import com.roadcast.forecast.PredictRequest;
import com.roadcast.record.ForecastRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A new window as the open streams share it: its forecast of record, read once, and its answer per
 * selection, written once however many streams ask for that selection.
 */
final class LiveWindow {
    private final ForecastRecord record;
    private final ForecastEvents events;
    private final Map<PredictRequest, String> bodies = new ConcurrentHashMap<>();

    LiveWindow(ForecastRecord record, ForecastEvents events) {
        this.record = record;
        this.events = events;
    }

    ForecastRecord record() {
        return record;
    }

    String data(PredictRequest selection) {
        return bodies.computeIfAbsent(selection, asked -> events.data(asked, record));
    }
}
