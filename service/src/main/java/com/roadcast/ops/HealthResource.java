package com.roadcast.ops;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.web.ApiError;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Public probes, no key: {@code live} answers while the process serves at all; {@code ready} while a
 * validated model is loaded and the server is not draining for shutdown.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final ModelRegistry models;
    private final Readiness readiness;

    public HealthResource(ModelRegistry models, Readiness readiness) {
        this.models = models;
        this.readiness = readiness;
    }

    @GET
    @Path("/live")
    public Map<String, String> live() {
        return Map.of("status", "live");
    }

    @GET
    @Path("/ready")
    public Map<String, String> ready() {
        LoadedModel model = models.active();
        if (model == null) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "no model loaded");
        }
        if (readiness.draining()) {
            throw ApiError.exception(Response.Status.SERVICE_UNAVAILABLE, "shutting down");
        }
        return Map.of("status", "ready", "model", model.name() + " " + model.version());
    }
}
