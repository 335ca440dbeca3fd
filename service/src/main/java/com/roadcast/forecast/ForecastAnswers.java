package com.roadcast.forecast;

import com.roadcast.cache.CacheLevel;
import com.roadcast.cache.CachedBody;
import com.roadcast.cache.ForecastCache;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.StepTimes;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.record.ForecastRecord;
import com.roadcast.record.ForecastRecords;
import com.roadcast.record.RecordsUnavailableException;
import com.roadcast.web.RequestRefused;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
    private final ForecastRecords records;

    public ForecastAnswers(ModelRegistry models, ObservationHistory window, ForecastEngine engine, ForecastCache cache,
            ForecastRecords records) {
        this.records = records;
        this.models = models;
        this.window = window;
        this.engine = engine;
        this.cache = cache;
    }

    /**
     * The answer for the horizons and nodes asked for (null: all), in {@code format}: from the current window,
     * cached or computed, or with {@code as_of} the forecast of record of that past window.
     *
     * @throws RequestRefused 422 naming what is invalid; 404 for a past window with no record; 503 until the
     *     window is full or when the model failed
     */
    ForecastCache.Lookup lookup(PredictRequest asked, ForecastFormat format) {
        if (asked.asOf() != null) {
            return pastWindow(models.active(), asked, format);
        }
        try {
            return lookupWith(models.active(), asked.horizons(), asked.nodes(), format);
        } catch (LoadedModel.RetiredModelException swappedTwiceMeanwhile) {
            return lookupWith(models.active(), asked.horizons(), asked.nodes(), format);
        }
    }

    /** The forecast of record of the window ending at {@code as_of}, sliced as it was served; never cached. */
    private ForecastCache.Lookup pastWindow(LoadedModel model, PredictRequest asked, ForecastFormat format) {
        int[] nodes = PredictionSlicer.nodes(asked.nodes(), model.catalog());
        int[] horizons = PredictionSlicer.horizons(asked.horizons(), model.horizons());
        Instant asOf = StepTimes.parse("as_of", Objects.requireNonNull(asked.asOf()));
        Optional<ForecastRecord> record;
        try {
            record = records.get(asOf);
        } catch (RecordsUnavailableException e) {
            throw RequestRefused.unavailable("the forecasts of record cannot be read now; try again");
        }
        byte[] body = sliced(model, asOf, record, horizons, nodes, format);
        return new ForecastCache.Lookup(CachedBody.of(body), CacheLevel.MISS);
    }

    /**
     * Checks the nodes and horizons of {@code asked} against the serving model, as a predict request's are.
     *
     * @throws RequestRefused 422 naming what is invalid
     */
    public void check(PredictRequest asked) {
        LoadedModel model = models.active();
        PredictionSlicer.nodes(asked.nodes(), model.catalog());
        PredictionSlicer.horizons(asked.horizons(), model.horizons());
    }

    /**
     * The JSON body {@code POST /v1/predict} answers for {@code asked} with {@code "as_of"} naming {@code record}'s
     * window, for a caller that already holds the record: the same slicing and writing.
     *
     * @throws RequestRefused 422 for invalid nodes or horizons; 404 when the record covers another network
     */
    public byte[] json(PredictRequest asked, ForecastRecord record) {
        LoadedModel model = models.active();
        int[] nodes = PredictionSlicer.nodes(asked.nodes(), model.catalog());
        int[] horizons = PredictionSlicer.horizons(asked.horizons(), model.horizons());
        return sliced(model, record.dataAsOf(), Optional.of(record), horizons, nodes, ForecastFormat.JSON);
    }

    private byte[] sliced(LoadedModel model, Instant asOf, Optional<ForecastRecord> record, int[] horizons, int[] nodes,
            ForecastFormat format) {
        if (record.isEmpty() || record.get().nodes() != model.catalog().size()) {
            throw RequestRefused.notFound("no forecast of record for as_of " + model.localTime(asOf)
                    + ": that window was never current here, or is older than the retention of "
                    + records.retention().toDays() + " days");
        }
        return format.write(PredictionSlicer.slice(model, record.get(), horizons, nodes));
    }

    private ForecastCache.Lookup lookupWith(LoadedModel model, @Nullable List<Integer> requestedHorizons,
            @Nullable List<String> requestedNodes, ForecastFormat format) {
        int[] nodes = PredictionSlicer.nodes(requestedNodes, model.catalog());
        int[] horizons = PredictionSlicer.horizons(requestedHorizons, model.horizons());
        WindowSnapshot snapshot = window.snapshot();
        if (snapshot.steps().size() < model.inputSteps()) {
            throw RequestRefused.unavailable("forecasts need " + model.inputSteps()
                    + " steps of observations; the window holds " + snapshot.steps().size() + ". POST /v1/observations first");
        }
        String key = ForecastKey.of(model, snapshot, horizons, nodes, format);
        try {
            return cache.get(key, () -> format.write(
                    PredictionSlicer.slice(model, engine.forecast(model, snapshot).record(), horizons, nodes)));
        } catch (ForecastEngine.InferenceFailedException e) {
            LOG.error("Inference failed for model {}", model.version(), e);
            throw RequestRefused.unavailable("the model failed to forecast; try again");
        }
    }
}
