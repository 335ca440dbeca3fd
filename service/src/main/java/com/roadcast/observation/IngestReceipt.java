package com.roadcast.observation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.NodeCatalog;
import java.util.ArrayList;
import java.util.List;

/** The 202 answer to an ingest: what was stored, which sensors were missing (to be imputed), the window. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IngestReceipt(int accepted, int inWindow, Window window, List<ItemReceipt> items) {

    /** Per posted step: whether it entered the window and which sensors it lacked. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ItemReceipt(String timestamp, boolean inWindow, int readings, int missing, List<String> missingSensors) {}

    /** The window after the append. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Window(int steps, int capacity, String latest, boolean ready) {}

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
        String latest = after.latestStep().map(model::localTime).orElse(null);
        Window window = new Window(after.steps().size(), capacity, latest, after.steps().size() >= capacity);
        return new IngestReceipt(steps.size(), inWindow, window, items);
    }
}
