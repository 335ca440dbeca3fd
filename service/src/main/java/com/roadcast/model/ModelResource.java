package com.roadcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.stream.IntStream;

/** {@code GET /v1/model}: what model serves, on what input, and how well it validated. */
@Path("/v1/model")
@RateLimited(EndpointClass.NODES)
@Produces(MediaType.APPLICATION_JSON)
public final class ModelResource {
    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RolesAllowed("read")
    public ModelView get() {
        LoadedModel model = registry.active();
        BundleMetadata meta = model.metadata();
        return new ModelView(meta.name(), meta.version(), meta.inputSteps(), meta.intervalMinutes(),
                IntStream.rangeClosed(1, meta.outputSteps()).toArray(), meta.nodes().size(), meta.timezone(),
                meta.architecture(), meta.trainingPeriod(), meta.validation(), model.loadedAt().toString());
    }

    /** The public description of the serving model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ModelView(String name, String version, int inputSteps, int intervalMinutes, int[] horizons,
            int nodes, String timezone, String architecture, JsonNode trainingPeriod, JsonNode validation,
            String loadedAt) {}
}
