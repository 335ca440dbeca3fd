package com.roadcast.observation;

import org.jspecify.annotations.Nullable;

/** The window's store (Redis, or the embedded history's disk) could not be reached, written or answered too slowly. */
public final class WindowUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WindowUnavailableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
