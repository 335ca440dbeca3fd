package com.roadcast.web;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Anything unforeseen: logged with its stack under the request id, which the client also gets. */
@Provider
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        String id = RequestIds.current();
        LOG.error("Unexpected error serving request {}", id, e);
        return ApiError.response(Response.Status.INTERNAL_SERVER_ERROR, "internal error, request id " + id);
    }
}
