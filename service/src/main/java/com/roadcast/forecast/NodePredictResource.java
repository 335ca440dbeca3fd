package com.roadcast.forecast;

import com.roadcast.web.ApiError;
import com.roadcast.web.Quote;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code POST /v1/nodes/{id}/predict}: one node's forecasts; an unknown node is a 404. */
@Path("/v1/nodes/{id}/predict")
@RateLimited(EndpointClass.PREDICT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class NodePredictResource {
    private final ForecastAnswers answers;

    public NodePredictResource(ForecastAnswers answers) {
        this.answers = answers;
    }

    @POST
    @RolesAllowed("read")
    public Response predict(@PathParam("id") String id, NodePredictRequest request) {
        if (answers.models().catalog().indexOf(id).isEmpty()) {
            throw ApiError.exception(Response.Status.NOT_FOUND, "unknown node " + Quote.of(id));
        }
        return answers.answer(request == null ? null : request.horizons(), List.of(id));
    }
}
