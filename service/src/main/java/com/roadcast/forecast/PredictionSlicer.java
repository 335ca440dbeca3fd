package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.NodeCatalog;
import com.roadcast.record.ForecastRecord;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.Quote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/** Checks what a request asks for and cuts its answer out of the full forecast. */
final class PredictionSlicer {

    private PredictionSlicer() {}

    /** The requested horizons in ascending order, or all when absent; 422 naming the first bad one. */
    static int[] horizons(@Nullable List<Integer> requested, int max) {
        if (requested == null) {
            return IntStream.rangeClosed(1, max).toArray();
        }
        if (requested.isEmpty()) {
            throw RequestRefused.invalid("horizons must list at least one of 1.." + max + " (steps of the model's interval)");
        }
        Set<Integer> seen = new HashSet<>();
        int[] horizons = new int[requested.size()];
        for (int i = 0; i < horizons.length; i++) {
            Integer h = requested.get(i);
            if (h == null || h < 1 || h > max) {
                throw RequestRefused.invalid("horizons[" + i + "] = " + h + " is outside 1.." + max + " (steps of the model's interval)");
            }
            if (!seen.add(h)) {
                throw RequestRefused.invalid("horizons[" + i + "] = " + h + " is listed twice");
            }
            horizons[i] = h;
        }
        Arrays.sort(horizons);
        return horizons;
    }

    /** Catalog indexes of the requested nodes in catalog order, or all when absent; 422 naming the first unknown one. */
    static int[] nodes(@Nullable List<String> requested, NodeCatalog catalog) {
        if (requested == null) {
            return IntStream.range(0, catalog.size()).toArray();
        }
        if (requested.isEmpty()) {
            throw RequestRefused.invalid("nodes must list at least one node id, or be left out for all nodes");
        }
        Set<String> seen = new HashSet<>();
        int[] nodes = new int[requested.size()];
        for (int i = 0; i < nodes.length; i++) {
            String id = requested.get(i);
            if (id == null || catalog.indexOf(id).isEmpty()) {
                throw RequestRefused.invalid("nodes[" + i + "] = " + (id == null ? "null" : Quote.of(id)) + " is not a known node id");
            }
            if (!seen.add(id)) {
                throw RequestRefused.invalid("nodes[" + i + "] = " + Quote.of(id) + " is listed twice");
            }
            nodes[i] = catalog.indexOf(id).getAsInt();
        }
        Arrays.sort(nodes);
        return nodes;
    }

    /** The answer for these horizons and nodes, cut from a record (the model gives the catalog, step and zone). */
    static PredictResponse slice(LoadedModel model, ForecastRecord record, int[] horizons, int[] nodes) {
        int stepMinutes = (int) model.interval().toMinutes();
        String[] targets = new String[horizons.length];
        for (int i = 0; i < horizons.length; i++) {
            targets[i] = model.localTime(record.dataAsOf().plus(model.interval().multipliedBy(horizons[i])));
        }
        List<PredictResponse.NodePrediction> predictions = new ArrayList<>(nodes.length);
        for (int node : nodes) {
            List<PredictResponse.HorizonForecast> forecasts = new ArrayList<>(horizons.length);
            for (int i = 0; i < horizons.length; i++) {
                forecasts.add(new PredictResponse.HorizonForecast(horizons[i], horizons[i] * stepMinutes, targets[i],
                        record.servedSpeed(horizons[i], node)));
            }
            predictions.add(new PredictResponse.NodePrediction(model.catalog().get(node).id(),
                    record.inputsImputed()[node], forecasts));
        }
        return new PredictResponse(new PredictResponse.ModelRef(record.modelName(), record.modelVersion()),
                model.localTime(record.dataAsOf()), false,
                Math.round(record.inferenceTimeMs() * 1000.0) / 1000.0, record.imputedReadings(), predictions);
    }
}
