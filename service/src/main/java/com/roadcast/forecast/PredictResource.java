package com.roadcast.forecast;

import com.roadcast.openapi.ApiDocs;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import com.roadcast.web.RequestAttributes;
import com.roadcast.web.ServletHeaders;
import io.swagger.v3.oas.annotations.Operation;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/predict}: forecasts for some or all nodes at some or all horizons. */
@Path("/v1/predict")
@RateLimited(EndpointClass.PREDICT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, ForecastFormat.CSV_TYPE})
@Tag(name = "forecasts")
public final class PredictResource {
    /** The CSV answer's description in the contract, and an example of it. */
    static final String CSV_DESCRIPTION = "With `Accept: text/csv`: a header `node_id,horizon,minutes,target_time,speed_mph`, "
            + "then one row per forecast in the JSON answer's order (CRLF line ends)";
    static final String CSV_EXAMPLE = "node_id,horizon,minutes,target_time,speed_mph\r\n"
            + "773869,3,15,2012-03-05T13:30:00-08:00,64.52\r\n773869,12,60,2012-03-05T14:15:00-08:00,61.2\r\n";
    private final PredictExchange exchange;

    public PredictResource(PredictExchange exchange) {
        this.exchange = exchange;
    }

    @POST
    @RolesAllowed("read")
    @Operation(operationId = "predict", summary = "Forecast speeds for some or all nodes",
            description = "Forecasts from the latest 12 steps of observations, for the nodes asked for (all when "
                    + "`nodes` is absent) at the horizons asked for (1..12 when `horizons` is absent), listed in "
                    + "catalog order and ascending horizons. With `as_of`, the forecast of record of that past window "
                    + "instead, as it was served (404 when none is kept). JSON by default; CSV, one row per forecast, "
                    + "with `Accept: text/csv`. Errors are JSON either way.",
            requestBody = @RequestBody(required = false, content = @Content(schema = @Schema(implementation = PredictRequest.class),
                    examples = @ExampleObject(name = "some nodes", value = "{\"horizons\":[3,6,12],\"nodes\":[\"773869\",\"767541\"]}"))),
            responses = {
                @ApiResponse(responseCode = "200", description = "The forecasts",
                        content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResponse.class)),
                                   @Content(mediaType = ForecastFormat.CSV_TYPE, schema = @Schema(type = "string", description = CSV_DESCRIPTION),
                                           examples = @ExampleObject(name = "one node", value = CSV_EXAMPLE))},
                        headers = {@Header(name = "X-Cache", ref = ApiDocs.X_CACHE),
                                   @Header(name = "X-Cache-Level", ref = ApiDocs.X_CACHE_LEVEL)}),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND),
                @ApiResponse(responseCode = "503", ref = ApiDocs.UNAVAILABLE)})
    public Response predict(PredictRequest request, @Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        return response(exchange.answer(request == null ? PredictRequest.ALL : request,
                ForecastFormat.preferred(headers.getAcceptableMediaTypes()),
                ServletHeaders.joined(servlet, "Accept-Encoding"), RequestAttributes.of(servlet)));
    }

    /** The exchange's answer as Jersey sends it: the same status, headers and bytes. */
    static Response response(PredictExchange.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        answer.headers().forEach(header -> response.header(header.getKey(), header.getValue()));
        return response.build();
    }
}
