package com.roadcast.stream;

import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.PredictRequest;
import com.roadcast.model.ModelRegistry;
import com.roadcast.record.ForecastRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * What a stream sends for a window: {@code id:} its {@code data_as_of} as answers write it (local time of the
 * model's zone), {@code data:} the JSON {@code POST /v1/predict} answers for the stream's selection with
 * {@code as_of} naming the window, made by the forecast pipeline from the forecast of record.
 */
final class ForecastEvents {
    static final String NAME = "forecast";
    private final ForecastAnswers answers;
    private final ModelRegistry models;

    ForecastEvents(ForecastAnswers answers, ModelRegistry models) {
        this.answers = answers;
        this.models = models;
    }

    String id(Instant dataAsOf) {
        return models.active().localTime(dataAsOf);
    }

    /** @throws com.roadcast.web.RequestRefused when the record covers another network than the serving model's */
    String data(PredictRequest selection, ForecastRecord record) {
        return new String(answers.json(selection, record), StandardCharsets.UTF_8);
    }
}
