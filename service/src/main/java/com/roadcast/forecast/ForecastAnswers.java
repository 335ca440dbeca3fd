package com.roadcast.forecast;

import ai.onnxruntime.OrtException;
import com.roadcast.web.ApiError;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What both predict endpoints do once they know the nodes and horizons asked for. */
public final class ForecastAnswers {
    static final String CACHE_HEADER = "X-Cache";
    private static final Logger LOG = LoggerFactory.getLogger(ForecastAnswers.class);
    private final ForecastEngine engine;

    public ForecastAnswers(ForecastEngine engine) {
        this.engine = engine;
    }

    ForecastEngine engine() {
        return engine;
    }

    /** Validates the request (422), then answers from the current forecast (503 until the window is full). */
    Response answer(List<Integer> requestedHorizons, List<String> requestedNodes) {
        int[] nodes = PredictionSlicer.nodes(requestedNodes, engine.catalog());
        int[] horizons = PredictionSlicer.horizons(requestedHorizons, engine.horizons());
        ForecastEngine.Served served;
        try {
            served = engine.current();
        } catch (NotReadyException e) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (OrtException e) {
            LOG.error("Inference failed", e);
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "the model failed to forecast; try again");
        }
        return Response.ok(PredictionSlicer.slice(served, horizons, nodes))
                .header(CACHE_HEADER, served.cacheHit() ? "HIT" : "MISS")
                .build();
    }
}
