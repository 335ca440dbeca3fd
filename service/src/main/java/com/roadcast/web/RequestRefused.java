package com.roadcast.web;

/**
 * A request the service refuses, with the HTTP status and a message naming what is wrong. Domain code
 * throws it without knowing JAX-RS; {@link RequestRefusedMapper} answers it in the one error shape.
 */
public final class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    private RequestRefused(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** 400: the request cannot be read as sent. */
    public static RequestRefused malformed(String message) {
        return new RequestRefused(400, message);
    }

    /** 404: what the request names does not exist. */
    public static RequestRefused notFound(String message) {
        return new RequestRefused(404, message);
    }

    /** 422: well-formed input with an invalid value, the message naming the offending item. */
    public static RequestRefused invalid(String message) {
        return new RequestRefused(422, message);
    }

    /** 503: the service cannot answer now; retrying later may succeed. */
    public static RequestRefused unavailable(String message) {
        return new RequestRefused(503, message);
    }

    public int status() {
        return status;
    }
}
