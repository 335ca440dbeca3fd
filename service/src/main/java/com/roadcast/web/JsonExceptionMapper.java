package com.roadcast.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Malformed JSON is a 400; well-formed JSON with a value of the wrong type or an unknown field is a 422
 * naming the field, and so is a key repeated in one object. Parser messages are never echoed: they quote the input and name Java types. A
 * refusal raised while the body was being read (413 for a chunked body past the limit) keeps its status.
 */
@Provider
public final class JsonExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonExceptionMapper.class);

    @Override
    public Response toResponse(JsonProcessingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof WebApplicationException refusal) {
                return refusal.getResponse();
            }
        }
        if (e instanceof InvalidDefinitionException) {
            String id = RequestIds.current();
            LOG.error("JSON binding is misconfigured (request {})", id, e);
            return ApiError.response(Response.Status.INTERNAL_SERVER_ERROR, "internal error, request id " + id);
        }
        Optional<String> repeated = repeatedKey(e);
        if (repeated.isPresent()) {
            String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                    ? path(mapping) : "the request body";
            return ApiError.response(ApiError.Status.UNPROCESSABLE, where + " names " + Quote.of(repeated.get())
                    + " more than once");
        }
        if (isMalformed(e)) {
            return ApiError.response(Response.Status.BAD_REQUEST, "malformed JSON" + location(e));
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return ApiError.response(ApiError.Status.UNPROCESSABLE, "unknown field at " + path(unknown));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return ApiError.response(ApiError.Status.UNPROCESSABLE, "invalid value at " + path(mapping));
        }
        if (e instanceof JsonMappingException) {
            return ApiError.response(Response.Status.BAD_REQUEST, "request body must be a JSON object");
        }
        return ApiError.response(Response.Status.BAD_REQUEST, "malformed JSON" + location(e));
    }

    /** The key the parser found twice in one object (strict duplicate detection), if that is the problem. */
    private static Optional<String> repeatedKey(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse && String.valueOf(parse.getOriginalMessage()).startsWith("Duplicate field")
                    && parse.getProcessor() != null) {
                try {
                    return Optional.ofNullable(parse.getProcessor().currentName());
                } catch (IOException unreadable) {
                    return Optional.of("a key");
                }
            }
        }
        return Optional.empty();
    }

    /** Broken syntax or a body cut short, as opposed to well-formed JSON holding the wrong thing. */
    private static boolean isMalformed(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException) {
                return true;
            }
        }
        return e instanceof MismatchedInputException mismatch
                && mismatch.getProcessor() instanceof JsonParser parser
                && (parser.isClosed() || parser.currentToken() == null);
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}
