package com.roadcast.forecast;

import ai.onnxruntime.OrtException;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.NodeCatalog;
import com.roadcast.observation.ObservationWindow;
import com.roadcast.observation.WindowSnapshot;
import java.time.ZonedDateTime;

/**
 * Computes all nodes x all horizons once per (model, window revision) and serves that result to every
 * request until either changes. Concurrent requests for a new window wait for one inference.
 */
public final class ForecastEngine {
    private static final float SECONDS_PER_DAY = 86_400f;
    private final ModelRegistry models;
    private final ObservationWindow window;
    private final Object computing = new Object();
    private volatile Forecast latest;

    public ForecastEngine(ModelRegistry models, ObservationWindow window) {
        this.models = models;
        this.window = window;
    }

    /** Nodes of the serving model, in tensor order. */
    public NodeCatalog catalog() {
        return models.catalog();
    }

    /** How many steps ahead the serving model forecasts. */
    public int horizons() {
        return models.active().horizons();
    }

    /** The forecast for the current window and model, and whether it was already computed. */
    Served current() throws OrtException {
        Forecast known = latest;
        WindowSnapshot snapshot = window.snapshot();
        LoadedModel model = models.active();
        if (known != null && known.isFor(model, snapshot.revision())) {
            return new Served(known, true);
        }
        synchronized (computing) {
            snapshot = window.snapshot();
            model = models.active();
            known = latest;
            if (known != null && known.isFor(model, snapshot.revision())) {
                return new Served(known, true);
            }
            if (snapshot.steps().size() < model.inputSteps()) {
                throw new NotReadyException(snapshot.steps().size(), model.inputSteps());
            }
            latest = compute(model, snapshot);
            return new Served(latest, false);
        }
    }

    private static Forecast compute(LoadedModel model, WindowSnapshot snapshot) throws OrtException {
        WindowAssembler.Input input = WindowAssembler.assemble(snapshot.steps(), model);
        ZonedDateTime local = input.newest().atZone(model.zone());
        float timeOfDay = local.toLocalTime().toSecondOfDay() / SECONDS_PER_DAY;
        long dayOfWeek = local.getDayOfWeek().getValue() - 1L;
        long start = System.nanoTime();
        float[] values = model.forecaster().forecast(input.speeds(), timeOfDay, dayOfWeek);
        double inferenceMs = (System.nanoTime() - start) / 1e6;
        return new Forecast(model, snapshot.revision(), input.newest(), values, inferenceMs, input.imputed());
    }

    /** A forecast and whether this request found it ready-made. */
    record Served(Forecast forecast, boolean cacheHit) {}
}
