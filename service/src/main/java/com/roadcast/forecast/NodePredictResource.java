package com.roadcast.forecast;

import com.roadcast.openapi.ApiDocs;
import com.roadcast.model.ModelRegistry;
import com.roadcast.web.RequestAttributes;
import com.roadcast.web.RequestRefused;
import com.roadcast.web.ServletHeaders;
import com.roadcast.web.Quote;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code POST /v1/nodes/{id}/predict}: one node's forecasts; an unknown node is a 404. */
@Path("/v1/nodes/{id}/predict")
@RateLimited(EndpointClass.PREDICT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, ForecastFormat.CSV_TYPE})
@Tag(name = "forecasts")
public final class NodePredictResource {
    private final PredictExchange exchange;
    private final ModelRegistry models;

    public NodePredictResource(PredictExchange exchange, ModelRegistry models) {
        this.exchange = exchange;
        this.models = models;
    }

    @POST
    @RolesAllowed("read")
    @Operation(operationId = "predictNode", summary = "Forecast one node's speed",
            description = "The same answer as `POST /v1/predict` for one node (the one in the path), as JSON or, "
                    + "with `Accept: text/csv`, as CSV.",
            requestBody = @RequestBody(required = false, content = @Content(schema = @Schema(implementation = NodePredictRequest.class),
                    examples = @ExampleObject(name = "a quarter and an hour ahead", value = "{\"horizons\":[3,12]}"))),
            responses = {
                @ApiResponse(responseCode = "200", description = "The node's forecasts",
                        content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResponse.class)),
                                   @Content(mediaType = ForecastFormat.CSV_TYPE, schema = @Schema(type = "string",
                                           description = PredictResource.CSV_DESCRIPTION),
                                           examples = @ExampleObject(name = "one node", value = PredictResource.CSV_EXAMPLE))},
                        headers = {@Header(name = "X-Cache", ref = ApiDocs.X_CACHE),
                                   @Header(name = "X-Cache-Level", ref = ApiDocs.X_CACHE_LEVEL)}),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND),
                @ApiResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)})
    public Response predict(@Parameter(description = "A node (sensor) id", schema = @Schema(example = "773869")) @PathParam("id") String id,
            NodePredictRequest request, @Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        if (models.active().catalog().indexOf(id).isEmpty()) {
            throw RequestRefused.notFound("unknown node " + Quote.of(id));
        }
        PredictRequest asked = request == null ? new PredictRequest(null, List.of(id), null)
                : new PredictRequest(request.horizons(), List.of(id), request.asOf());
        return PredictResource.response(exchange.answer(asked, ForecastFormat.preferred(headers.getAcceptableMediaTypes()),
                ServletHeaders.joined(servlet, "Accept-Encoding"), RequestAttributes.of(servlet)));
    }
}
