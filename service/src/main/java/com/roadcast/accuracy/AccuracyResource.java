package com.roadcast.accuracy;

import com.roadcast.observation.WindowUnavailableException;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import com.roadcast.record.RecordsUnavailableException;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.TimeRange;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/model/accuracy}: the serving model's live accuracy over a range of target times. */
@Path("/v1/model/accuracy")
@RateLimited(EndpointClass.NODES)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "model")
public final class AccuracyResource {
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    private final Accuracy accuracy;
    private final Duration maxRange;
    private final Clock clock;

    public AccuracyResource(Accuracy accuracy, Duration maxRange, Clock clock) {
        this.accuracy = accuracy;
        this.maxRange = maxRange;
        this.clock = clock;
    }

    @GET
    @RolesAllowed("read")
    @Operation(operationId = "getModelAccuracy", summary = "The serving model's live accuracy, per horizon",
            description = "Scores the forecasts of record (one per window, made whether or not anyone asked) against "
                    + "the readings that arrived for their target times, with the persistence forecast (each "
                    + "sensor's last reading) on the same pairs. The range is over target times, both ends "
                    + "included; by default the 24 hours ending at the newest stored step. A time that cannot be "
                    + "read is 400; `from` after `to`, or a range longer than `history.maxExportRange`, is 422.",
            responses = {
                @ApiResponse(responseCode = "200", description = "Errors per horizon", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST),
                @ApiResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE),
                @ApiResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)})
    public AccuracyReport get(
            @Parameter(description = "First target time, ISO-8601 with offset; default `to` minus 24 hours",
                    schema = @Schema(example = "2012-03-05T13:20:00-08:00")) @QueryParam("from") @Nullable String fromParam,
            @Parameter(description = "Last target time, ISO-8601 with offset; default the newest stored step",
                    schema = @Schema(example = "2012-03-06T13:15:00-08:00")) @QueryParam("to") @Nullable String toParam) {
        TimeRange range = TimeRange.withDefaults(fromParam, toParam, () -> accuracy.newestStep().orElse(clock.instant()),
                DEFAULT_RANGE, new TimeRange.Limit(maxRange, "history.maxExportRange"));
        try {
            return accuracy.report(range.from(), range.to());
        } catch (RecordsUnavailableException | WindowUnavailableException e) {
            throw RequestRefused.unavailable("accuracy cannot be computed now: the history or the forecasts of "
                    + "record cannot be read; try again");
        }
    }
}
