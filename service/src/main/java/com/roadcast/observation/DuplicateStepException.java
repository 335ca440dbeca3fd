package com.roadcast.observation;

/** A step whose time is already in the window; {@link #index()} is its position in the batch. */
public final class DuplicateStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int index;

    public DuplicateStepException(int index) {
        super("step " + index + " is already in the window");
        this.index = index;
    }

    public int index() {
        return index;
    }
}
