package com.roadcast.model;

/** A model bundle that must not serve, with a message saying what is wrong with it. */
public final class InvalidBundleException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidBundleException(String message) {
        super(message);
    }

    public InvalidBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
