package com.roadcast.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "model")
public final class ModelResource {
    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RolesAllowed("read")
    @Operation(operationId = "getModel", summary = "The serving model",
            description = "Name, version, input and horizons of the model that answers forecasts, the period it was "
                    + "trained on and its validation figures.",
            responses = @ApiResponse(responseCode = "200", description = "The model", useReturnTypeSchema = true))
    public ModelView get() {
        LoadedModel model = registry.active();
        BundleMetadata meta = model.metadata();
        return new ModelView(meta.name(), meta.version(), meta.inputSteps(), meta.intervalMinutes(),
                IntStream.rangeClosed(1, meta.outputSteps()).toArray(), meta.nodes().size(), meta.timezone(),
                meta.architecture(), meta.trainingPeriod(), meta.validation(), model.loadedAt().toString());
    }

    /** The public description of the serving model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(description = "The serving model")
    public record ModelView(
            @Schema(example = "roadcast-graph-residual") String name,
            @Schema(example = "2026.11.24-1") String version,
            @Schema(description = "Steps of observations it reads", example = "12") int inputSteps,
            @Schema(description = "Minutes per step", example = "5") int intervalMinutes,
            @Schema(description = "Horizons it forecasts, in steps", example = "[1,2,3,4,5,6,7,8,9,10,11,12]") int[] horizons,
            @Schema(description = "Nodes in its catalog", example = "207") int nodes,
            @Schema(description = "Time zone of the timestamps it answers with", example = "America/Los_Angeles") String timezone,
            @Schema(description = "How it works, in one line") String architecture,
            @Schema(type = "object", implementation = Object.class, description = "The training data's first and last step",
                    example = "{\"start\":\"2012-03-01T00:00:00-08:00\",\"end\":\"2012-03-06T14:15:00-08:00\"}")
            JsonNode trainingPeriod,
            @Schema(type = "object", implementation = Object.class, description = "Validation period, RMSE and MAE by horizon, and baselines' RMSE "
                    + "(as the training pipeline measured them)",
                    example = "{\"period\":{\"start\":\"2012-03-05T13:20:00-08:00\",\"end\":\"2012-03-06T14:15:00-08:00\"},"
                            + "\"rmse\":{\"1\":3.7408,\"12\":6.3638},\"mae\":{\"1\":2.3345,\"12\":3.6835}}")
            JsonNode validation,
            @Schema(description = "When this instance loaded it (UTC)", example = "2026-12-01T19:33:21.154Z") String loadedAt) {}
}
