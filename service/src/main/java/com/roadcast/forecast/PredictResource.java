package com.roadcast.forecast;

import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code POST /v1/predict}: forecasts for some or all nodes at some or all horizons. */
@Path("/v1/predict")
@RateLimited(EndpointClass.PREDICT)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class PredictResource {
    private final ForecastAnswers answers;

    public PredictResource(ForecastAnswers answers) {
        this.answers = answers;
    }

    @POST
    @RolesAllowed("read")
    public Response predict(PredictRequest request) {
        return request == null ? answers.answer(null, null) : answers.answer(request.horizons(), request.nodes());
    }
}
