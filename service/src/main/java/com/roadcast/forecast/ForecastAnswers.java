package com.roadcast.forecast;

import com.roadcast.cache.ForecastCache;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationWindow;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.web.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both predict endpoints do once they know the nodes and horizons asked for: validate, find the
 * answer in the cache or slice it from the window's forecast, and say which ({@code X-Cache}). The
 * entity is the cache lookup, written by {@link com.roadcast.cache.CompressedHits} in the form the client accepts.
 */
public final class ForecastAnswers {
    private static final String CACHE_HEADER = "X-Cache";
    public static final String CACHE_LEVEL_HEADER = "X-Cache-Level";
    private static final Logger LOG = LoggerFactory.getLogger(ForecastAnswers.class);
    private final ModelRegistry models;
    private final ObservationWindow window;
    private final ForecastEngine engine;
    private final ForecastCache cache;

    public ForecastAnswers(ModelRegistry models, ObservationWindow window, ForecastEngine engine, ForecastCache cache) {
        this.models = models;
        this.window = window;
        this.engine = engine;
        this.cache = cache;
    }

    ModelRegistry models() {
        return models;
    }

    /** The answer to a {@code POST /v1/predict} body (absent: every node at every horizon). */
    public Response answer(PredictRequest request) {
        return request == null ? answer(null, null) : answer(request.horizons(), request.nodes());
    }

    /**
     * The forecast answering a {@code POST /v1/predict} body, from cache or computed; empty when the request
     * is to be refused or the forecast failed, which {@link #answer} then says (422, 503).
     */
    public Optional<ForecastCache.Lookup> forecast(PredictRequest request) {
        try {
            return Optional.of(lookup(models.active(), request.horizons(), request.nodes()));
        } catch (WebApplicationException | LoadedModel.RetiredModelException | ForecastEngine.InferenceFailedException e) {
            return Optional.empty();
        }
    }

    /** Validates the request (422), then answers (503 until the window is full). */
    Response answer(List<Integer> requestedHorizons, List<String> requestedNodes) {
        try {
            return answerWith(models.active(), requestedHorizons, requestedNodes);
        } catch (LoadedModel.RetiredModelException swappedTwiceMeanwhile) {
            return answerWith(models.active(), requestedHorizons, requestedNodes);
        }
    }

    private Response answerWith(LoadedModel model, List<Integer> requestedHorizons, List<String> requestedNodes) {
        ForecastCache.Lookup lookup;
        try {
            lookup = lookup(model, requestedHorizons, requestedNodes);
        } catch (ForecastEngine.InferenceFailedException e) {
            LOG.error("Inference failed for model {}", model.version(), e);
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "the model failed to forecast; try again");
        }
        Response.ResponseBuilder answer = Response.ok(lookup, MediaType.APPLICATION_JSON_TYPE);
        cacheHeaders(lookup, answer::header);
        return answer.build();
    }

    /** Where an answer came from: {@code X-Cache} (HIT or MISS) and {@code X-Cache-Level}. */
    static void cacheHeaders(ForecastCache.Lookup lookup, BiConsumer<String, String> header) {
        header.accept(CACHE_HEADER, lookup.hit() ? "HIT" : "MISS");
        header.accept(CACHE_LEVEL_HEADER, lookup.level().name());
    }

    private ForecastCache.Lookup lookup(LoadedModel model, List<Integer> requestedHorizons, List<String> requestedNodes) {
        int[] nodes = PredictionSlicer.nodes(requestedNodes, model.catalog());
        int[] horizons = PredictionSlicer.horizons(requestedHorizons, model.horizons());
        WindowSnapshot snapshot = window.snapshot();
        if (snapshot.steps().size() < model.inputSteps()) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "forecasts need " + model.inputSteps()
                    + " steps of observations; the window holds " + snapshot.steps().size() + ". POST /v1/observations first");
        }
        String key = ForecastKey.of(model, snapshot, horizons, nodes);
        return cache.get(key, () -> PredictResponseWriter.write(
                PredictionSlicer.slice(engine.forecast(model, snapshot), horizons, nodes)));
    }
}
