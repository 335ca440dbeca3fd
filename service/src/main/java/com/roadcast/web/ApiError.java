package com.roadcast.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The one error shape of the API: {@code {"code":422,"message":"...","request_id":"..."}}.
 * {@code code} repeats the HTTP status so clients that only see the body still know it.
 */
@Schema(description = "The one error shape of the API")
public record ApiError(
        @Schema(description = "The HTTP status, repeated", example = "422") @JsonProperty("code") int code,
        @Schema(description = "What is wrong, naming the offending item", example = "horizons[0] = 13 is outside 1..12 "
                + "(steps of the model's interval)") @JsonProperty("message") String message,
        @Schema(description = "The request's id, as in the X-Request-Id header", example = "8d97c54b-4838-44d5-b49d-10e37410e223")
        @JsonProperty("request_id") String requestId) {

    /** Builds the JSON response for a status and message, under the current request id. */
    public static Response response(Response.StatusType status, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status.getStatusCode(), message, RequestIds.current()))
                .build();
    }

    /** An exception that, thrown from any resource or filter, answers with this shape. */
    public static WebApplicationException exception(Response.StatusType status, String message) {
        return new WebApplicationException(message, response(status, message));
    }

    /** Statuses that {@link Response.Status} lacks. */
    public enum Status implements Response.StatusType {
        UNPROCESSABLE(422, "Unprocessable Content"),
        TOO_MANY_REQUESTS(429, "Too Many Requests");

        private final int code;
        private final String reason;

        Status(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }

        @Override
        public int getStatusCode() {
            return code;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return reason;
        }
    }
}
