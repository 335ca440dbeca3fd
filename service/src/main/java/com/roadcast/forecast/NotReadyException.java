package com.roadcast.forecast;

/** Too few steps in the window to forecast yet. */
final class NotReadyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotReadyException(int have, int need) {
        super("forecasts need " + need + " steps of observations; the window holds " + have
                + ". POST /v1/observations first");
    }
}
