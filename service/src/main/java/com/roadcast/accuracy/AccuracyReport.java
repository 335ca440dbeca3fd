package com.roadcast.accuracy;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.roadcast.model.LoadedModel;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/model/accuracy}: the serving model's live errors per horizon, with persistence's on the same pairs. */
@Schema(description = "How far the serving model's forecasts of record were from the readings that arrived, per horizon")
public record AccuracyReport(
        Model model,
        @Schema(description = "First target time scored", example = "2012-03-05T13:20:00-08:00") String from,
        @Schema(description = "Last target time scored", example = "2012-03-06T13:15:00-08:00") String to,
        @Schema(description = "Horizons 1..12") List<Horizon> horizons,
        @Schema(description = "While a shadow model runs: its errors over the windows it ran on (within a window, "
                + "the serving model's pairs); null otherwise", nullable = true) @Nullable Shadow shadow) {

    /** The shadow model's figures, in the same form. */
    @Schema(description = "The shadow model's errors per horizon")
    public record Shadow(Model model, List<Horizon> horizons) {}

    /** The serving model. */
    @Schema(description = "The model scored (the serving one)")
    public record Model(
            @Schema(example = "roadcast-graph-residual") String name,
            @Schema(example = "2026.11.24-1") String version) {

        static Model of(LoadedModel model) {
            return new Model(model.name(), model.version());
        }
    }

    /** One horizon's errors; the error figures are null when nothing was scored. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "One horizon's errors in mph; null when no pair was scored")
    public record Horizon(
            @Schema(description = "Steps ahead", example = "12") int horizon,
            @Schema(description = "The same in minutes", example = "60") int minutes,
            @Schema(description = "Pairs (sensor, target time) scored: the target reading was observed and the "
                    + "sensor had a reading in the forecast's window", example = "59616") long count,
            @Schema(nullable = true, example = "3.61") @Nullable Double mae,
            @Schema(nullable = true, example = "6.02") @Nullable Double rmse,
            @Schema(description = "The same for persistence (the last observed reading) on the same pairs",
                    nullable = true, example = "4.87") @Nullable Double persistenceMae,
            @Schema(nullable = true, example = "8.11") @Nullable Double persistenceRmse) {

        static Horizon of(int horizon, int minutes, ErrorSums sums) {
            if (sums.count() == 0) {
                return new Horizon(horizon, minutes, 0, null, null, null, null);
            }
            return new Horizon(horizon, minutes, sums.count(), sums.mae(), sums.rmse(), sums.persistenceMae(),
                    sums.persistenceRmse());
        }
    }
}
