package com.roadcast.openapi;

import com.roadcast.web.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pieces every operation shares, defined once: the {@code X-API-Key} scheme, the
 * {@code Roadcast-Signature} parameter, the error schema, the headers and the error responses. Resources refer to them through {@link ApiDocs}; {@link ContractExtension}
 * adds the ones that follow from an operation's role, rate limit and body.
 */
final class SharedComponents {
    static final String REQUEST_ID = "X-Request-Id";
    /** The request-signature header parameter, for keys that require signed requests. */
    static final String SIGNATURE = "RoadcastSignature";
    static final String SERVER_TIMING = "Server-Timing";
    static final String RETRY_AFTER = "Retry-After";
    /** Set on every response of a rate-limited operation for a key whose tier has a limit. */
    static final List<String> RATE_LIMIT_HEADERS = List.of("X-RateLimit-Limit", "X-RateLimit-Remaining",
            "X-RateLimit-Reset", "RateLimit", "RateLimit-Policy");

    private SharedComponents() {}

    static Components build() {
        Components components = new Components();
        components.addSecuritySchemes(ApiDocs.API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER).name("X-API-Key")
                .description("An API key issued by the operator (`keys create`); it is shown once and stored only "
                        + "as a hash. Send it in this header, never in the URL."));
        components.addParameters(SIGNATURE, new Parameter().in("header").name("Roadcast-Signature").required(false)
                .schema(new StringSchema().pattern("^t=[0-9]+,v1=[0-9a-f]{64}$")
                        .example("t=1790000000,v1=21afefc3df1c8cee838f35d174cfee2662a61402b9fc196448a90c6b80239ceb"))
                .description("Required, and only read, for a key made with `keys create --require-signature`: "
                        + "`t=<unix seconds>,v1=<hex HMAC-SHA256(key, \"<t>.<METHOD>.<path?query>.<body>\")>`, where the "
                        + "HMAC key is the API key sent in `X-API-Key`, `<path?query>` the path and query exactly as sent "
                        + "and `<body>` the raw body (empty without one). Accepted once, when `t` is at most 300 s old and "
                        + "at most 30 s ahead of the server's clock; otherwise 401."));
        ModelConverters.getInstance().readAll(ApiError.class).forEach(components::addSchemas);
        headers().forEach(components::addHeaders);
        responses().forEach(components::addResponses);
        return components;
    }

    /** A reference to a shared header. */
    static Header header(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    private static Map<String, Header> headers() {
        return Map.of(
                REQUEST_ID, new Header().required(true).schema(new StringSchema().example("8d97c54b-4838-44d5-b49d-10e37410e223"))
                        .description("This request's id: the proxy's `X-Request-Id` when it is well-formed, else a new "
                                + "UUID. Error bodies repeat it as `request_id`; quote it when reporting a problem."),
                SERVER_TIMING, new Header().required(true).schema(new StringSchema().example("app;dur=1.234"))
                        .description("Milliseconds from the request reaching the application to this answer's headers, "
                                + "with up to three decimals."),
                "X-Cache", new Header().required(true).schema(new StringSchema()._enum(List.of("HIT", "MISS")))
                        .description("`HIT` when the answer came from the forecast cache, `MISS` when the model computed it."),
                "X-Cache-Level", new Header().required(true).schema(new StringSchema()._enum(List.of("LOCAL", "REDIS", "MISS")))
                        .description("Where the answer came from: this instance's cache, the cache shared by all instances "
                                + "(Redis), or a fresh inference."),
                "X-RateLimit-Limit", limitHeader("Requests this key may make in its endpoint class per window.", 60),
                "X-RateLimit-Remaining", limitHeader("Requests left in the current window.", 59),
                "X-RateLimit-Reset", limitHeader("Seconds until the current window ends and the budget refills.", 42),
                "RateLimit", new Header().schema(new StringSchema().example("limit=60, remaining=59, reset=42"))
                        .description("The same figures in the IETF `RateLimit` header form (absent for unlimited tiers)."),
                "RateLimit-Policy", new Header().schema(new StringSchema().example("60;w=60"))
                        .description("The budget and window length in seconds (absent for unlimited tiers)."),
                RETRY_AFTER, new Header().required(true).schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO).example(42))
                        .description("Seconds to wait before trying again."));
    }

    private static Header limitHeader(String description, int example) {
        return new Header().schema(new IntegerSchema().minimum(java.math.BigDecimal.ZERO).example(example))
                .description(description + " Sent on every response of a rate-limited operation once the key is "
                        + "authenticated, when its tier has a limit (absent for unlimited tiers).");
    }

    private static Map<String, ApiResponse> responses() {
        Map<String, ApiResponse> responses = new HashMap<>(Map.of(
                "BadRequest", error("Malformed request: the body is not valid JSON, or a query parameter is not an integer.",
                        400, "malformed JSON at line 1, column 14", true),
                "Unauthorized", error("Missing or invalid `X-API-Key`; for a key that requires signed requests, a "
                        + "missing, malformed, expired, mismatched or reused `Roadcast-Signature` (the message says which).",
                        401, "missing X-API-Key header", false),
                "Forbidden", error("The key's role may not do this (see the roles above).", 403,
                        "this API key's role may not do that", false),
                "NotFound", error("No node with that id.", 404, "unknown node 'nope'", true),
                "PayloadTooLarge", error("The body is larger than the configured limit (`api.maxBodySize`, 2 MiB by default).",
                        413, "request body too large: at most 2097152 bytes", true),
                "UnsupportedMediaType", error("The body is not sent as `Content-Type: application/json`.", 415,
                        "unsupported media type: send Content-Type: application/json", false),
                "Unprocessable", error("Well-formed but invalid: a value out of range, an unknown field or id, a wrong type; "
                        + "the message names the offending item.", 422, "horizons[0] = 13 is outside 1..12 (steps of the model's interval)", true),
                "TooManyRequests", error("The key's budget for this endpoint class is spent for the current window, or a "
                        + "missing or wrong key from an address that failed authentication too often in this window "
                        + "(a valid key is still admitted).", 429,
                        "rate limit of 60 predict requests per 60 s reached for tier standard; retry in 42 s", true)
                        .addHeaderObject(RETRY_AFTER, header(RETRY_AFTER)),
                "Unavailable", error("Temporarily unable to answer: forecasts need 12 steps of observations first, the model "
                        + "failed to forecast, the observation store could not confirm a write "
                        + "or be read, or the shared rate limiter is "
                        + "unreachable (with `rateLimits.failOpen: false`). Retry later.", 503,
                        "forecasts need 12 steps of observations; the window holds 0. POST /v1/observations first", true),
                "NotReady", error("Not ready to serve: draining for shutdown (answered on connections opened before; new "
                        + "ones are refused), or no model loaded.", 503, "service unavailable", false)));
        responses.put("NotAcceptable", error("The client accepts (`Accept`) none of the operation's media types: "
                        + "`application/json`, and `text/csv` where the operation lists it.",
                406, "only application/json responses are available", false));
        return responses;
    }

    private static ApiResponse error(String description, int status, String message, boolean afterRateLimit) {
        Map<String, Object> example = Map.of("code", status, "message", message,
                "request_id", "8d97c54b-4838-44d5-b49d-10e37410e223");
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType("application/json", new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/ApiError")).example(example)))
                .addHeaderObject(REQUEST_ID, header(REQUEST_ID))
                .addHeaderObject(SERVER_TIMING, header(SERVER_TIMING));
        if (afterRateLimit) {
            RATE_LIMIT_HEADERS.forEach(name -> response.addHeaderObject(name, header(name)));
        }
        return response;
    }
}
