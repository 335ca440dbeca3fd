package com.roadcast.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link RequestRefused} with its status and message in the one error shape. */
@Provider
public final class RequestRefusedMapper implements ExceptionMapper<RequestRefused> {

    @Override
    public Response toResponse(RequestRefused refused) {
        return ApiError.response(statusOf(refused.status()), String.valueOf(refused.getMessage()));
    }

    private static Response.StatusType statusOf(int code) {
        Response.StatusType known = Response.Status.fromStatusCode(code);
        return known != null ? known : ApiError.Status.UNPROCESSABLE;
    }
}
