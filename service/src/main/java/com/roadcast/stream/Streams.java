package com.roadcast.stream;

/** The stream feature as the rest of the application sees it: the hub of new windows, and the streams open here. */
public final class Streams {
    private final WindowHub windows;
    private final OpenStreams open;

    Streams(WindowHub windows, OpenStreams open) {
        this.windows = windows;
        this.open = open;
    }

    /** Every new window, for the features that subscribe to it. */
    public WindowHub windows() {
        return windows;
    }

    /** How many {@code GET /v1/stream} answers this instance holds open now. */
    public int open() {
        return open.count();
    }
}
