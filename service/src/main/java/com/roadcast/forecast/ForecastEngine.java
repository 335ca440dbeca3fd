package com.roadcast.forecast;

import ai.onnxruntime.OrtException;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.roadcast.model.LoadedModel;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.record.ForecastRecord;
import java.time.ZonedDateTime;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs the model once per (model, window revision): all nodes x all horizons in one inference, kept
 * until either changes so every request for that window slices the same result. Concurrent requests
 * for a new window wait for that one inference.
 */
public final class ForecastEngine {
    /** The Dropwizard timer every inference updates. */
    public static final String INFERENCE_TIMER = MetricRegistry.name("roadcast", "inference");
    private static final float SECONDS_PER_DAY = 86_400f;
    private final Object computing = new Object();
    private final Timer inference;
    private volatile @Nullable Forecast latest;

    public ForecastEngine(MetricRegistry metrics) {
        this.inference = metrics.timer(INFERENCE_TIMER);
    }

    /** The full forecast for this model and window, computed now or earlier. */
    Forecast forecast(LoadedModel model, WindowSnapshot snapshot) {
        Forecast known = latest;
        if (known != null && known.isFor(model, snapshot.revision())) {
            return known;
        }
        synchronized (computing) {
            known = latest;
            if (known != null && known.isFor(model, snapshot.revision())) {
                return known;
            }
            Forecast fresh = compute(model, snapshot);
            inference.update(Math.round(fresh.record().inferenceTimeMs() * 1e6), TimeUnit.NANOSECONDS);
            latest = fresh;
            return fresh;
        }
    }

    static Forecast compute(LoadedModel model, WindowSnapshot snapshot) {
        WindowAssembler.Input input = WindowAssembler.assemble(snapshot.steps(), model);
        ZonedDateTime local = input.newest().atZone(model.zone());
        float timeOfDay = local.toLocalTime().toSecondOfDay() / SECONDS_PER_DAY;
        long dayOfWeek = local.getDayOfWeek().getValue() - 1L;
        long start = System.nanoTime();
        float[] values;
        try {
            values = model.forecast(input.speeds(), timeOfDay, dayOfWeek);
        } catch (OrtException e) {
            throw new InferenceFailedException(e);
        }
        double inferenceMs = (System.nanoTime() - start) / 1e6;
        return new Forecast(model, snapshot.revision(), new ForecastRecord(input.newest(), model.name(), model.version(),
                inferenceMs, model.horizons(), values, input.imputed(), input.lastObserved()));
    }

    /** ONNX Runtime failed on a window; the request is answered 503 and the failure logged. */
    static final class InferenceFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InferenceFailedException(OrtException cause) {
            super("inference failed: " + cause.getMessage(), cause);
        }
    }
}
