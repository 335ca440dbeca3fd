package com.roadcast.forecast;

import com.roadcast.model.InvalidBundleException;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.model.ModelReloader;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.WindowSnapshot;

/**
 * Before a new model serves, it forecasts the current window: every value must be a finite, plausible
 * speed, and on average within {@value #MAX_MEAN_SHIFT_MPH} mph of what the serving model says, so a
 * model trained on other units or other sensors is caught before a client sees it.
 */
public final class CandidateSanityCheck implements ModelReloader.CandidateCheck {
    static final double MAX_MEAN_SHIFT_MPH = 15;
    private static final float MAX_PLAUSIBLE_MPH = 150;
    private final ModelRegistry models;
    private final ObservationHistory window;

    public CandidateSanityCheck(ModelRegistry models, ObservationHistory window) {
        this.models = models;
        this.window = window;
    }

    @Override
    public void check(LoadedModel candidate) throws InvalidBundleException {
        WindowSnapshot snapshot = window.snapshot();
        if (snapshot.steps().size() < candidate.inputSteps()) {
            return;
        }
        float[] proposed = run(candidate, snapshot);
        float[] serving = run(models.active(), snapshot);
        double shift = 0;
        for (int i = 0; i < proposed.length; i++) {
            if (!Float.isFinite(proposed[i]) || proposed[i] < 0 || proposed[i] > MAX_PLAUSIBLE_MPH) {
                throw new InvalidBundleException("on the current window it forecasts " + proposed[i] + " mph");
            }
            shift += i < serving.length ? Math.abs(proposed[i] - serving[i]) : 0;
        }
        shift /= proposed.length;
        if (shift > MAX_MEAN_SHIFT_MPH) {
            throw new InvalidBundleException(String.format(
                    "on the current window its forecasts differ from the serving model's by %.1f mph on average "
                            + "(at most %.0f allowed)", shift, MAX_MEAN_SHIFT_MPH));
        }
    }

    private static float[] run(LoadedModel model, WindowSnapshot snapshot) throws InvalidBundleException {
        try {
            return ForecastEngine.compute(model, snapshot).record().values();
        } catch (ForecastEngine.InferenceFailedException e) {
            throw new InvalidBundleException("it fails on the current window: " + e.getMessage(), e);
        }
    }
}
