package com.roadcast.observation;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.web.RequestRefused;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.function.Consumer;

/** {@code POST /v1/observations}: validated, stored atomically, answered 202 with a receipt. */
@Path("/v1/observations")
@RateLimited(EndpointClass.INGEST)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "observations")
public final class ObservationResource {
    private final StepParser parser;
    private final ObservationHistory window;
    private final ModelRegistry models;
    private final Consumer<WindowSnapshot> newWindows;

    /** @param newWindows told of each window an ingest here made current (the forecast of record is made from it) */
    public ObservationResource(StepParser parser, ObservationHistory window, ModelRegistry models,
            Consumer<WindowSnapshot> newWindows) {
        this.parser = parser;
        this.newWindows = newWindows;
        this.window = window;
        this.models = models;
    }

    @POST
    @RolesAllowed("ingest")
    @Operation(operationId = "ingestObservations", summary = "Post steps of sensor readings",
            description = "Each step lands in its place by time; the window keeps the model's input_steps newest. Unknown sensor ids, "
                    + "NaN, negative or absurd speeds, repeated sensors or times, times off the model's step grid, in the "
                    + "future or already recorded, and a step with no reading at all (empty speeds, or only nulls) are "
                    + "rejected with 422 naming the item, and nothing is stored.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ObservationBatch.class),
                    examples = @ExampleObject(name = "one step", value = "{\"observations\":[{\"timestamp\":"
                            + "\"2012-03-05T13:20:00-08:00\",\"speeds\":{\"773869\":64.4,\"767541\":61.0}}]}"))),
            responses = {
                @ApiResponse(responseCode = "202", description = "Stored", content = @Content(schema = @Schema(implementation = IngestReceipt.class))),
                @ApiResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)})
    public Response ingest(ObservationBatch batch) {
        LoadedModel model = models.active();
        List<Step> steps = parser.parse(batch, model.catalog());
        boolean[] kept;
        try {
            kept = window.append(steps);
        } catch (DuplicateStepException e) {
            throw RequestRefused.invalid("observations[" + e.index() + "].timestamp "
                    + model.localTime(steps.get(e.index()).time())
                    + " is already recorded; nothing in this batch was stored");
        } catch (WindowUnavailableException e) {
            throw RequestRefused.unavailable("observations not acknowledged: the "
                    + "observation store is unavailable or could not confirm them; retry later (steps that were "
                    + "stored after all are then answered 'already recorded')");
        }
        WindowSnapshot after = window.snapshot();
        for (boolean entered : kept) {
            if (entered) {
                newWindows.accept(after);
                break;
            }
        }
        return Response.accepted(IngestReceipt.of(steps, kept, after, window.capacity(), model)).build();
    }
}
