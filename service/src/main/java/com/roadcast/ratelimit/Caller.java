package com.roadcast.ratelimit;

/** Whose budget a request spends: a key, and the tier that sets its limits. */
public interface Caller {
    String keyId();

    String tier();
}
