package com.roadcast.observation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.NodeCatalog;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The 202 answer to an ingest: what was stored, which sensors were missing (to be imputed), the window. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Schema(description = "What was stored")
public record IngestReceipt(
        @Schema(description = "Steps accepted (the whole batch)", example = "12") int accepted,
        @Schema(description = "Steps that entered the window (older ones change nothing)", example = "12") int inWindow,
        Window window,
        @Schema(description = "One receipt per posted step, in the order posted") List<ItemReceipt> items) {

    /** Per posted step: whether it entered the window and which sensors it lacked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "One posted step")
    public record ItemReceipt(
            @Schema(example = "2012-03-05T12:20:00-08:00") String timestamp,
            @Schema(description = "False when 12 newer steps are already stored", example = "true") boolean inWindow,
            @Schema(description = "Sensors with a reading", example = "207") int readings,
            @Schema(description = "Sensors without one (imputed)", example = "0") int missing,
            @Schema(description = "Their ids") List<String> missingSensors) {}

    /** The window after the append. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The observation window after this batch")
    public record Window(
            @Schema(description = "Steps stored", example = "12") int steps,
            @Schema(description = "Steps it holds (the model's input)", example = "12") int capacity,
            @Schema(description = "Time of the newest stored step; null while empty", nullable = true,
                    example = "2012-03-05T13:15:00-08:00") @Nullable String latest,
            @Schema(description = "True once forecasts can be made", example = "true") boolean ready) {}

    static IngestReceipt of(List<Step> steps, boolean[] kept, WindowSnapshot after, int capacity,
            LoadedModel model) {
        NodeCatalog catalog = model.catalog();
        List<ItemReceipt> items = new ArrayList<>(steps.size());
        int inWindow = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            List<String> missing = new ArrayList<>();
            for (int n = 0; n < step.speeds().length; n++) {
                if (Float.isNaN(step.speeds()[n])) {
                    missing.add(catalog.get(n).id());
                }
            }
            inWindow += kept[i] ? 1 : 0;
            items.add(new ItemReceipt(model.localTime(step.time()), kept[i],
                    step.speeds().length - missing.size(), missing.size(), missing));
        }
        @Nullable String latest = after.latestStep().map(model::localTime).orElse(null);
        Window window = new Window(after.steps().size(), capacity, latest, after.steps().size() >= capacity);
        return new IngestReceipt(steps.size(), inWindow, window, items);
    }
}
