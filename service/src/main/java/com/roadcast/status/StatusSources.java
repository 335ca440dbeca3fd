package com.roadcast.status;

import com.roadcast.accuracy.Accuracy;
import com.roadcast.health.Readiness;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.quality.SensorHealth;
import com.roadcast.record.ForecastRecords;
import java.time.Clock;

/**
 * What the status page shows, read where the API reads it: the serving model and its catalog, the
 * observation history (the window is its newest steps), the forecasts of record, sensor health, live
 * accuracy, readiness; {@code sharedRedis} whether {@code redis.url} is set.
 */
public record StatusSources(ModelRegistry models, ObservationHistory history, ForecastRecords records,
        SensorHealth sensors, Accuracy accuracy, Readiness readiness, boolean sharedRedis, Clock clock) {}
