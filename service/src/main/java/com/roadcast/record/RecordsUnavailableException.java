package com.roadcast.record;

/** The records' store could not be reached or read; whoever asked is answered 503 or skips a round. */
public final class RecordsUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordsUnavailableException(Throwable cause) {
        super("forecast records unavailable: " + cause.getMessage(), cause);
    }
}
