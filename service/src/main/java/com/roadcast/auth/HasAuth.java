package com.roadcast.auth;

/** A configuration with an {@code auth:} section, so the keys command works on it. */
public interface HasAuth {
    AuthFactory getAuth();
}
