package com.roadcast.auth;

/** What admits a request by its key, on either request path: the key itself, then its signature if it needs one. */
public record KeyChecks(ApiKeyAuthenticator keys, RequestSigning signing) {}
