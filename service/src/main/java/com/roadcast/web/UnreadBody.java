package com.roadcast.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and discards what is left of a request body (bounded) before an error answer, so a client still
 * sending sees the answer instead of a reset connection. Bodies over the limit were refused up front (413).
 */
final class UnreadBody {
    private static final long MAX_DRAIN = 4L * 1024 * 1024;

    private UnreadBody() {}

    static void drain(HttpServletRequest request) {
        if (request == null) {
            return;
        }
        try {
            InputStream in = request.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while (total < MAX_DRAIN && (n = in.read(buffer)) > 0) {
                total += n;
            }
        } catch (IOException | RuntimeException ignored) {
            // nothing more to read, or the stream is gone: the answer goes out either way
        }
    }
}
