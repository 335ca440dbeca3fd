package com.roadcast.forecast;

import ai.onnxruntime.OrtException;
import com.roadcast.model.NodeCatalog;
import com.roadcast.web.ApiError;
import com.roadcast.web.Quote;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code POST /v1/predict} and {@code POST /v1/nodes/{id}/predict}. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class PredictResource {
    static final String CACHE_HEADER = "X-Cache";
    private static final Logger LOG = LoggerFactory.getLogger(PredictResource.class);
    private final ForecastEngine engine;

    public PredictResource(ForecastEngine engine) {
        this.engine = engine;
    }

    @POST
    @Path("/predict")
    @RolesAllowed("read")
    public Response predict(PredictRequest request) {
        PredictRequest body = request == null ? new PredictRequest(null, null) : request;
        return answer(body.horizons(), body.nodes());
    }

    @POST
    @Path("/nodes/{id}/predict")
    @RolesAllowed("read")
    public Response predictNode(@PathParam("id") String id, NodePredictRequest request) {
        NodeCatalog catalog = engine.catalog();
        if (catalog.indexOf(id).isEmpty()) {
            throw ApiError.exception(Response.Status.NOT_FOUND, "unknown node " + Quote.of(id));
        }
        return answer(request == null ? null : request.horizons(), List.of(id));
    }

    private Response answer(List<Integer> requestedHorizons, List<String> requestedNodes) {
        NodeCatalog catalog = engine.catalog();
        int[] nodes = PredictionSlicer.nodes(requestedNodes, catalog);
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
