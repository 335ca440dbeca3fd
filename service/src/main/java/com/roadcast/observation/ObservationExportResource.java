package com.roadcast.observation;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import com.roadcast.web.AbortedResponse;
import com.roadcast.web.RequestRefused;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Duration;
import java.util.Collections;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/observations}: the stored steps of a time range, as JSON or CSV, streamed as the history
 * yields them (constant memory whatever the range). The status is sent before the first step is read, so a
 * store failing mid-way cannot change it: the failure is logged and the response aborted, so the client sees
 * a transfer error (no final chunk) and a body that is not closed (JSON) rather than one that looks whole.
 */
@Path("/v1/observations")
@RateLimited(EndpointClass.NODES)
@RolesAllowed("read")
@Tag(name = "observations")
public final class ObservationExportResource {
    private static final Logger LOG = LoggerFactory.getLogger(ObservationExportResource.class);
    private static final String EXAMPLE_CSV = "timestamp,773869,767541\r\n2012-03-05T13:15:00-08:00,64.4,61.0\r\n"
            + "2012-03-05T13:20:00-08:00,63.875,\r\n";
    private static final MediaType CSV_UTF8 = MediaType.valueOf(CsvExportWriter.MEDIA_TYPE).withCharset("UTF-8");
    private final ObservationHistory history;
    private final ModelRegistry models;
    private final Duration maxRange;

    public ObservationExportResource(ObservationHistory history, ModelRegistry models, Duration maxRange) {
        this.history = history;
        this.models = models;
        this.maxRange = maxRange;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, CsvExportWriter.MEDIA_TYPE})
    @Operation(operationId = "exportObservations", summary = "Export the stored steps of a time range",
            description = "Every stored step with `from <= timestamp <= to`, oldest first, with each reading exactly as "
                    + "ingested (null, or an empty CSV cell, where a sensor sent none); steps never stored are absent. "
                    + "JSON by default, CSV with `Accept: text/csv`; streamed, and gzip-compressed for a client that "
                    + "accepts it. A range longer than `history.maxExportRange` (31 days) is 422. Should the store fail "
                    + "after the answer began, the transfer is aborted: a body that ends without its closing "
                    + "(JSON) or without the final chunk is incomplete.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The steps", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ObservationExport.class)),
                    @Content(mediaType = CsvExportWriter.MEDIA_TYPE, schema = @Schema(type = "string",
                            description = "A header `timestamp,<id>,...`, then one row per stored step (CRLF line ends)"),
                            examples = @ExampleObject(name = "two nodes", value = EXAMPLE_CSV))}),
                @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST),
                @ApiResponse(responseCode = "406", ref = ApiDocs.NOT_ACCEPTABLE),
                @ApiResponse(responseCode = "422", ref = ApiDocs.UNPROCESSABLE)})
    public Response export(
            @Parameter(description = "First step time (inclusive), ISO-8601 with an offset", required = true,
                    schema = @Schema(type = "string", example = "2012-03-05T00:00:00-08:00"))
            @QueryParam("from") @Nullable String from,
            @Parameter(description = "Last step time (inclusive), ISO-8601 with an offset; at most "
                    + "`history.maxExportRange` after `from`", required = true,
                    schema = @Schema(type = "string", example = "2012-03-05T23:55:00-08:00"))
            @QueryParam("to") @Nullable String to,
            @Parameter(description = "Node ids separated by commas, each once, in the order wanted; all nodes in "
                    + "catalog order when left out", schema = @Schema(type = "string", example = "773869,767541"))
            @QueryParam("nodes") @Nullable String nodes,
            @Context HttpHeaders headers, @Context HttpServletRequest servletRequest) {
        LoadedModel model = models.active();
        ExportQuery query = ExportQuery.parse(from, to, nodes, model.catalog(), maxRange);
        MediaType type = chosen(headers);
        ExportWriter writer = type.equals(MediaType.APPLICATION_JSON_TYPE)
                ? new JsonExportWriter((int) model.interval().toMinutes()) : new CsvExportWriter();
        Iterator<Step> steps = firstPage(query);
        StreamingOutput body = out -> {
            try {
                writer.write(query, steps, model::localTime, out);
            } catch (WindowUnavailableException e) {
                LOG.warn("export {}..{} ended early: the observation store failed mid-stream; the response is aborted",
                        query.from(), query.to(), e);
                AbortedResponse.abort(servletRequest, e);
            }
        };
        return Response.ok(body, type).build();
    }

    /** The steps, their first page read now: a store that cannot be reached is still answered 503. */
    private Iterator<Step> firstPage(ExportQuery query) {
        try {
            Iterator<Step> steps = history.range(query.from(), query.to());
            return steps.hasNext() ? steps : Collections.emptyIterator();
        } catch (WindowUnavailableException e) {
            throw RequestRefused.unavailable("the observation store is unavailable; retry later");
        }
    }

    /** The type the client prefers of the two (Jersey has refused a client that takes neither): JSON on a tie. */
    private static MediaType chosen(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return MediaType.APPLICATION_JSON_TYPE;
            }
            if (accepted.isCompatible(MediaType.valueOf(CsvExportWriter.MEDIA_TYPE))) {
                return CSV_UTF8;
            }
        }
        return MediaType.APPLICATION_JSON_TYPE;
    }
}
