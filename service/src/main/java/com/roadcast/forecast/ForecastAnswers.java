package com.roadcast.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.cache.ForecastCache;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationWindow;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.web.ApiError;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both predict endpoints do once they know the nodes and horizons asked for: validate, find the
 * answer in the cache or slice it from the window's forecast, and say which ({@code X-Cache}). The
 * entity is the cache lookup, written by {@link com.roadcast.cache.CompressedHits} in the form the client accepts.
 */
public final class ForecastAnswers {
    public static final String CACHE_HEADER = "X-Cache";
    public static final String CACHE_LEVEL_HEADER = "X-Cache-Level";
    private static final Logger LOG = LoggerFactory.getLogger(ForecastAnswers.class);
    private final ModelRegistry models;
    private final ObservationWindow window;
    private final ForecastEngine engine;
    private final ForecastCache cache;
    private final ObjectMapper mapper;

    public ForecastAnswers(ModelRegistry models, ObservationWindow window, ForecastEngine engine, ForecastCache cache,
            ObjectMapper mapper) {
        this.models = models;
        this.window = window;
        this.engine = engine;
        this.cache = cache;
        this.mapper = mapper;
    }

    ModelRegistry models() {
        return models;
    }

    /** The answer to a {@code POST /v1/predict} body (absent: every node at every horizon). */
    public Response answer(PredictRequest request) {
        return request == null ? answer(null, null) : answer(request.horizons(), request.nodes());
    }

    /**
     * The answer to a {@code POST /v1/predict} body when this process holds it in cache; empty when it
     * must be computed or fetched, or when the request is to be refused ({@link #answer} says why).
     */
    public Optional<ForecastCache.Lookup> localHit(PredictRequest request) {
        LoadedModel model = models.active();
        try {
            int[] nodes = PredictionSlicer.nodes(request.nodes(), model.catalog());
            int[] horizons = PredictionSlicer.horizons(request.horizons(), model.horizons());
            WindowSnapshot snapshot = window.snapshot();
            return snapshot.steps().size() < model.inputSteps()
                    ? Optional.empty()
                    : cache.local(ForecastKey.of(model, snapshot, horizons, nodes));
        } catch (WebApplicationException invalid) {
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
        int[] nodes = PredictionSlicer.nodes(requestedNodes, model.catalog());
        int[] horizons = PredictionSlicer.horizons(requestedHorizons, model.horizons());
        WindowSnapshot snapshot = window.snapshot();
        if (snapshot.steps().size() < model.inputSteps()) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "forecasts need " + model.inputSteps()
                    + " steps of observations; the window holds " + snapshot.steps().size() + ". POST /v1/observations first");
        }
        String key = ForecastKey.of(model, snapshot, horizons, nodes);
        ForecastCache.Lookup lookup;
        try {
            lookup = cache.get(key, () -> serialize(
                    PredictionSlicer.slice(engine.forecast(model, snapshot), horizons, nodes)));
        } catch (ForecastEngine.InferenceFailedException e) {
            LOG.error("Inference failed for model {}", model.version(), e);
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "the model failed to forecast; try again");
        }
        return Response.ok(lookup, MediaType.APPLICATION_JSON_TYPE)
                .header(CACHE_HEADER, lookup.hit() ? "HIT" : "MISS")
                .header(CACHE_LEVEL_HEADER, lookup.level().name())
                .build();
    }

    private byte[] serialize(PredictResponse response) {
        try {
            return mapper.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
