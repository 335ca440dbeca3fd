package com.roadcast.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors raised by Jetty itself, before Jersey sees the request, answered in the API's JSON error shape:
 * never an HTML page or an empty body. {@link #forContexts} serves paths outside the API (unknown paths,
 * admin errors); {@link #forServer} serves what Jetty rejects before any context (bad URIs, ambiguous
 * encodings such as {@code %2F}, oversized headers).
 */
public final class JsonErrorHandler {

    private JsonErrorHandler() {}

    public static org.eclipse.jetty.ee10.servlet.ErrorHandler forContexts(ObjectMapper mapper) {
        return new org.eclipse.jetty.ee10.servlet.ErrorHandler() {
            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                    String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                    throws IOException {
                return writeJson(mapper, request, response, callback, code);
            }
        };
    }

    public static org.eclipse.jetty.server.handler.ErrorHandler forServer(ObjectMapper mapper) {
        return new org.eclipse.jetty.server.handler.ErrorHandler() {
            @Override
            protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                    String contentType, List<Charset> charsets, int code, String message, Throwable cause)
                    throws IOException {
                return writeJson(mapper, request, response, callback, code);
            }
        };
    }

    private static boolean writeJson(ObjectMapper mapper, Request request, Response response, Callback callback, int code)
            throws IOException {
        int status = code >= 400 ? code : HttpStatus.INTERNAL_SERVER_ERROR_500;
        String reason = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
        String requestId = RequestIds.currentOr(request.getHeaders().get(RequestIds.HEADER));
        byte[] body = mapper.writeValueAsBytes(new ApiError(status, reason, requestId));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(RequestIds.HEADER, requestId);
        if (!response.getHeaders().contains(ServerTiming.HEADER)) {
            response.getHeaders().put(ServerTiming.HEADER, ServerTiming.forJettyError(request));
        }
        AnswerHeaders.SECURITY.forEach((name, value) -> {
            if (!response.getHeaders().contains(name)) {
                response.getHeaders().put(name, value);
            }
        });
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
