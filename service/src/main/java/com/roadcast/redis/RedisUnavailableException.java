package com.roadcast.redis;

import org.jspecify.annotations.Nullable;

/** Redis failed, timed out, or is being given a rest after failing; the caller degrades. */
public final class RedisUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
