package com.roadcast.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.stream.Collectors;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;

/** Renders every JAX-RS error (404, 405, 415, 403, ...) in the one error shape. */
@Provider
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
    @Context
    private ExtendedUriInfo uri;

    @Context
    private Request request;

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        if (original.hasEntity() && original.getEntity() instanceof ApiError) {
            return original;
        }
        Response.StatusType status = original.getStatusInfo();
        Response built = ApiError.response(status, status.getStatusCode() == 406 ? notAcceptable()
                : messageFor(status.getStatusCode()));
        Response.ResponseBuilder copy = Response.fromResponse(built);
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                copy.header(name, null);
                values.forEach(v -> copy.header(name, v));
            }
        });
        return copy.build();
    }

    /** 406 names what the matched resource does produce for the request's method (JSON unless it says more). */
    private String notAcceptable() {
        String produced = uri.getMatchedRuntimeResources().stream()
                .flatMap(resource -> resource.getResourceMethods().stream())
                .filter(method -> method.getHttpMethod().equals(request.getMethod()))
                .map(ResourceMethod::getProducedTypes).flatMap(java.util.List::stream)
                .map(MediaType::toString).distinct().collect(Collectors.joining(" or "));
        return "only " + (produced.isEmpty() ? MediaType.APPLICATION_JSON : produced) + " responses are available";
    }

    private static String messageFor(int status) {
        return switch (status) {
            case 400 -> "malformed request";
            case 401 -> "missing or invalid API key";
            case 403 -> "this API key's role may not do that";
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type: send Content-Type: application/json";
            default -> Response.Status.fromStatusCode(status) != null
                    ? Response.Status.fromStatusCode(status).getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                    : "request failed";
        };
    }
}
