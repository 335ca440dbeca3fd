package com.roadcast.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * A request body that could not be read: the client stalled past the connector's idle timeout (408) or
 * went away mid-body (400). The client's doing, so not a server error and not logged as one; the rest
 * of the body is not waited for. (JSON syntax errors are {@link JsonExceptionMapper}'s: a more specific type.)
 */
@Provider
public final class BodyReadExceptionMapper implements ExceptionMapper<IOException> {

    @Override
    public Response toResponse(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return ApiError.response(Response.Status.REQUEST_TIMEOUT,
                        "the request body did not arrive in time; send it without pauses");
            }
        }
        return ApiError.response(Response.Status.BAD_REQUEST, "the request body could not be read: the connection broke");
    }
}
