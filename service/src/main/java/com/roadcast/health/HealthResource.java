package com.roadcast.health;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.web.RequestRefused;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Public probes, no key: {@code live} answers while the process serves at all; {@code ready} while a
 * validated model is loaded and the server is not draining for shutdown. Marked {@link PermitAll}, as only
 * the landing page besides: every other resource needs a key.
 */
@PermitAll
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "health")
public final class HealthResource {
    private final ModelRegistry models;
    private final Readiness readiness;

    public HealthResource(ModelRegistry models, Readiness readiness) {
        this.models = models;
        this.readiness = readiness;
    }

    @GET
    @Path("/live")
    @Operation(operationId = "live", summary = "Liveness: the process serves",
            responses = {
                @ApiResponse(responseCode = "200", description = "Alive", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "503", ref = ApiDocs.NOT_READY)})
    public Live live() {
        return new Live("live");
    }

    @GET
    @Path("/ready")
    @Operation(operationId = "ready", summary = "Readiness: a validated model is loaded and the server is not draining",
            responses = {
                @ApiResponse(responseCode = "200", description = "Ready", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "503", ref = ApiDocs.NOT_READY)})
    public Ready ready() {
        LoadedModel model = models.active();
        if (model == null) {
            throw RequestRefused.unavailable("no model loaded");
        }
        if (readiness.draining()) {
            throw RequestRefused.unavailable("shutting down");
        }
        return new Ready("ready", model.name() + " " + model.version());
    }

    /** The liveness answer. */
    @Schema(description = "The process serves")
    public record Live(@Schema(allowableValues = "live") String status) {}

    /** The readiness answer. */
    @Schema(description = "Ready to serve")
    public record Ready(
            @Schema(allowableValues = "ready") String status,
            @Schema(description = "The serving model's name and version", example = "roadcast-graph-residual 2026.11.24-1")
            String model) {}
}
