package com.roadcast.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.accuracy.AccuracyReport;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON bodies of {@code /status/api/*}: small, for the page only (not part of the API's contract). */
final class StatusViews {
    private StatusViews() {}

    /** {@code /status/api/network}: the sensors to draw, in catalog order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Network(String modelName, String modelVersion, String timeZone, int intervalMinutes, int horizons,
            @Nullable String tileUrl, List<Sensor> sensors) {}

    record Sensor(String id, double latitude, double longitude) {}

    /** {@code /status/api/summary}: every panel but the chart; {@code speeds} and {@code statuses} in catalog order. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Summary(Model model, @Nullable String dataAsOf, @Nullable String lastIngestAt,
            @Nullable Long secondsSinceLastIngest, int stepsInWindow, int windowSteps, List<@Nullable Double> speeds,
            List<String> statuses, Map<String, Long> sensorCounts, @Nullable AccuracyReport accuracy,
            String accuracyNote, List<Check> checks, Instance instance) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Model(String name, String version, String loadedAt, @Nullable String shadow) {}

    record Check(String name, boolean healthy, @Nullable String message) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Instance(boolean ready, String startedAt, long uptimeSeconds, String redis) {}

    /** {@code /status/api/sensor?id=}: one sensor's recent readings and current forecast, times in epoch seconds. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record SensorDetail(String id, String status, @Nullable String lastReadingAt,
            @JsonProperty("missing_ratio_24h") double missingRatio24h,
            Series readings, @Nullable Forecast forecast) {}

    record Series(List<Long> times, List<@Nullable Double> speeds) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Forecast(String dataAsOf, List<Integer> minutes, Series speeds) {}
}
