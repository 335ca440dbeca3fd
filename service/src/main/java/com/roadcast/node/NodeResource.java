package com.roadcast.node;

import com.roadcast.model.BundleMetadata;
import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.observation.Step;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.quality.QualityReport;
import com.roadcast.quality.SensorHealth;
import com.roadcast.quality.SensorQuality;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.Quote;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/nodes} (paged) and {@code GET /v1/nodes/{id}}: the catalog with latest readings. */
@Path("/v1/nodes")
@RateLimited(EndpointClass.NODES)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("read")
@Tag(name = "nodes")
public final class NodeResource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    private final ModelRegistry models;
    private final ObservationHistory window;
    private final SensorHealth health;

    public NodeResource(ModelRegistry models, ObservationHistory window, SensorHealth health) {
        this.models = models;
        this.window = window;
        this.health = health;
    }

    @GET
    @Operation(operationId = "listNodes", summary = "List the nodes, a page at a time",
            description = "The catalog in its fixed order, with each node's latest reading and health.",
            responses = {
                @ApiResponse(responseCode = "200", description = "A page of nodes", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST),
                @ApiResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE)})
    public NodePage list(
            @Parameter(description = "Index of the first node", schema = @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "0"))
            @QueryParam("offset") String offsetParam,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "1000", defaultValue = "50"))
            @QueryParam("limit") String limitParam) {
        int offset = QueryInts.parse("offset", offsetParam, 0, 0, Integer.MAX_VALUE);
        int limit = QueryInts.parse("limit", limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
        LoadedModel model = models.active();
        WindowSnapshot snapshot = window.snapshot();
        QualityReport quality = health.current();
        int total = model.catalog().size();
        List<NodeView> page = new ArrayList<>();
        for (int i = offset; i < total && i < (long) offset + limit; i++) {
            page.add(view(model, snapshot, quality, i));
        }
        return new NodePage(total, offset, limit, page);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getNode", summary = "One node, its latest reading and its health",
            responses = {
                @ApiResponse(responseCode = "200", description = "The node", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)})
    public NodeView get(@Parameter(description = "A node (sensor) id", schema = @Schema(example = "773869")) @PathParam("id") String id) {
        LoadedModel model = models.active();
        OptionalInt index = model.catalog().indexOf(id);
        if (index.isEmpty()) {
            throw RequestRefused.notFound("unknown node " + Quote.of(id));
        }
        return view(model, window.snapshot(), health.current(), index.getAsInt());
    }

    private static NodeView view(LoadedModel model, WindowSnapshot snapshot, QualityReport quality, int index) {
        BundleMetadata.Node node = model.catalog().get(index);
        return new NodeView(node.id(), node.latitude(), node.longitude(), latest(model, snapshot, index),
                quality(model, quality.sensor(index)));
    }

    private static NodeView.Quality quality(LoadedModel model, SensorQuality sensor) {
        Instant last = sensor.lastReadingAt();
        return new NodeView.Quality(sensor.status().label(), last == null ? null : model.localTime(last),
                sensor.missingRatio24h());
    }

    private static NodeView.@Nullable Reading latest(LoadedModel model, WindowSnapshot snapshot, int index) {
        List<Step> steps = snapshot.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            float speed = steps.get(i).speeds()[index];
            if (!Float.isNaN(speed)) {
                return new NodeView.Reading(model.localTime(steps.get(i).time()), speed);
            }
        }
        return null;
    }
}
