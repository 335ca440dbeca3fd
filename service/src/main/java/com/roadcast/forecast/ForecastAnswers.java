package com.roadcast.forecast;

import com.roadcast.cache.ForecastCache;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.web.RequestRefused;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The forecast answering a request, once its nodes and horizons are known: validated, then found in the
 * cache or cut from the window's forecast (computed once per model and window).
 */
public final class ForecastAnswers {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastAnswers.class);
    private final ModelRegistry models;
    private final ObservationHistory window;
    private final ForecastEngine engine;
    private final ForecastCache cache;

    public ForecastAnswers(ModelRegistry models, ObservationHistory window, ForecastEngine engine, ForecastCache cache) {
        this.models = models;
        this.window = window;
        this.engine = engine;
        this.cache = cache;
    }

    /**
     * The answer for the horizons and nodes asked for (null: all), cached or computed.
     *
     * @throws RequestRefused 422 naming what is invalid; 503 until the window is full or when the model failed
     */
    public ForecastCache.Lookup lookup(@Nullable List<Integer> requestedHorizons, @Nullable List<String> requestedNodes) {
        try {
            return lookupWith(models.active(), requestedHorizons, requestedNodes);
        } catch (LoadedModel.RetiredModelException swappedTwiceMeanwhile) {
            return lookupWith(models.active(), requestedHorizons, requestedNodes);
        }
    }

    private ForecastCache.Lookup lookupWith(LoadedModel model, @Nullable List<Integer> requestedHorizons,
            @Nullable List<String> requestedNodes) {
        int[] nodes = PredictionSlicer.nodes(requestedNodes, model.catalog());
        int[] horizons = PredictionSlicer.horizons(requestedHorizons, model.horizons());
        WindowSnapshot snapshot = window.snapshot();
        if (snapshot.steps().size() < model.inputSteps()) {
            throw RequestRefused.unavailable("forecasts need " + model.inputSteps()
                    + " steps of observations; the window holds " + snapshot.steps().size() + ". POST /v1/observations first");
        }
        String key = ForecastKey.of(model, snapshot, horizons, nodes);
        try {
            return cache.get(key, () -> PredictResponseWriter.write(
                    PredictionSlicer.slice(engine.forecast(model, snapshot), horizons, nodes)));
        } catch (ForecastEngine.InferenceFailedException e) {
            LOG.error("Inference failed for model {}", model.version(), e);
            throw RequestRefused.unavailable("the model failed to forecast; try again");
        }
    }
}
