package com.roadcast.stream;

import com.roadcast.forecast.PredictRequest;
import com.roadcast.web.Quote;
import com.roadcast.web.RequestRefused;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The stream's query, {@code nodes=<id>,..&horizons=<h>,..}, as the predict request it stands for. */
final class StreamQuery {

    private StreamQuery() {}

    /**
     * The predict request for these parameters (absent: all); 400 when a list cannot be read (an empty item,
     * a horizon that is not an integer). Whether the values are valid is the forecast pipeline's to say.
     */
    static PredictRequest parse(@Nullable String nodes, @Nullable String horizons) {
        List<String> nodeIds = nodes == null ? null : items("nodes", nodes);
        List<Integer> steps = null;
        if (horizons != null) {
            steps = new ArrayList<>();
            for (String item : items("horizons", horizons)) {
                try {
                    steps.add(Integer.parseInt(item));
                } catch (NumberFormatException e) {
                    throw RequestRefused.malformed("horizons must be integers separated by commas, got " + Quote.of(item));
                }
            }
        }
        return new PredictRequest(steps == null ? null : List.copyOf(steps), nodeIds, null);
    }

    private static List<String> items(String name, String list) {
        List<String> items = List.of(list.split(",", -1));
        for (String item : items) {
            if (item.isBlank()) {
                throw RequestRefused.malformed(name + " must be a comma-separated list without empty items, got "
                        + Quote.of(list) + "; leave it out for all");
            }
        }
        return items.stream().map(String::trim).toList();
    }
}
