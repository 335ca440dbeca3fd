package com.roadcast.observation;

/** The window's store (Redis) could not be reached or answered too slowly. */
public final class WindowUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WindowUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
