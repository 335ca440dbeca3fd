package com.roadcast.openapi;

/**
 * References to the contract's shared pieces ({@code components}), for the resources' annotations. The
 * pieces themselves are defined once, in {@link SharedComponents}.
 */
public final class ApiDocs {
    /** The security scheme: an API key in the {@code X-API-Key} header. */
    public static final String API_KEY = "ApiKey";

    public static final String BAD_REQUEST = "#/components/responses/BadRequest";
    public static final String UNAUTHORIZED = "#/components/responses/Unauthorized";
    public static final String FORBIDDEN = "#/components/responses/Forbidden";
    public static final String NOT_FOUND = "#/components/responses/NotFound";
    public static final String NOT_ACCEPTABLE = "#/components/responses/NotAcceptable";
    public static final String PAYLOAD_TOO_LARGE = "#/components/responses/PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "#/components/responses/UnsupportedMediaType";
    public static final String UNPROCESSABLE = "#/components/responses/Unprocessable";
    public static final String TOO_MANY_REQUESTS = "#/components/responses/TooManyRequests";
    public static final String UNAVAILABLE = "#/components/responses/Unavailable";
    public static final String NOT_READY = "#/components/responses/NotReady";

    public static final String X_CACHE = "#/components/headers/X-Cache";
    public static final String X_CACHE_LEVEL = "#/components/headers/X-Cache-Level";

    private ApiDocs() {}
}
