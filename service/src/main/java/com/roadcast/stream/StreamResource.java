package com.roadcast.stream;

import com.roadcast.forecast.ForecastAnswers;
import com.roadcast.forecast.PredictRequest;
import com.roadcast.observation.StepTimes;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.ratelimit.Caller;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/stream}: the forecast of every new window as Server-Sent Events. */
@Path("/v1/stream")
@RateLimited(EndpointClass.PREDICT)
@Tag(name = "forecasts")
public final class StreamResource {
    static final String EXAMPLE = ": forecasts of each new window follow\n\n"
            + "event: forecast\nid: 2012-03-05T13:15:00-08:00\ndata: {\"model\":{\"name\":\"roadcast-graph-residual\",\"version\":\"2026.11.24-1\"},"
            + "\"data_as_of\":\"2012-03-05T13:15:00-08:00\",\"cache_hit\":false,\"inference_time_ms\":3.1,\"predictions\":[...]}\n\n"
            + ": heartbeat\n\n";
    private final ForecastAnswers answers;
    private final OpenStreams streams;

    StreamResource(ForecastAnswers answers, OpenStreams streams) {
        this.answers = answers;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RolesAllowed("read")
    @Operation(operationId = "stream", summary = "Forecasts of every new window, as Server-Sent Events",
            description = "Opens a `text/event-stream`. For every new window (a step later than any before), one "
                    + "`forecast` event: `id` is its `data_as_of`, `data` the JSON `POST /v1/predict` answers for the "
                    + "same `nodes` and `horizons` with `as_of` naming that window. A comment every `stream.heartbeat` "
                    + "(15 s by default) keeps proxies from closing an idle stream. Reconnecting with `Last-Event-ID` "
                    + "first sends, in order, the windows missed since that one whose forecasts of record are still "
                    + "kept. At most `stream.maxPerKey` streams per key are open on an instance (429 beyond). "
                    + "Opening a stream spends one request of the predict budget.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The stream (it stays open)",
                        content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = "string"),
                                examples = @ExampleObject(name = "one window", value = EXAMPLE))),
                @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST),
                @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE)})
    public void stream(
            @Parameter(description = "Node ids separated by commas, each once; every node when left out",
                    schema = @Schema(type = "string", example = "773869,767541"))
            @QueryParam("nodes") @Nullable String nodes,
            @Parameter(description = "Horizons (steps of the model's interval) separated by commas, each once; all "
                    + "when left out", schema = @Schema(type = "string", example = "3,6,12"))
            @QueryParam("horizons") @Nullable String horizons,
            @Parameter(in = ParameterIn.HEADER, description = "The `id` of the last event received: the windows "
                    + "after it are sent first", schema = @Schema(type = "string", example = "2012-03-05T13:15:00-08:00"))
            @HeaderParam("Last-Event-ID") @Nullable String lastEventId,
            @Context SecurityContext security, @Context SseEventSink sink, @Context Sse sse) {
        PredictRequest selection = StreamQuery.parse(nodes, horizons);
        answers.check(selection);
        Optional<java.time.Instant> lastSent = Optional.ofNullable(lastEventId).map(id -> StepTimes.parse("Last-Event-ID", id));
        Caller caller = (Caller) security.getUserPrincipal();
        streams.open(caller.keyId(), selection, lastSent, sink, sse);
    }
}
