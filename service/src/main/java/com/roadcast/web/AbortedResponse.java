package com.roadcast.web;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * Ends an answer whose status was already sent as broken rather than complete: Jetty closes the connection
 * without the final chunk, so every HTTP client reports the body as incomplete. Jersey would otherwise log a
 * failure of a committed response and end the body normally, and a truncated body would pass for whole.
 */
public final class AbortedResponse {

    private AbortedResponse() {}

    public static void abort(HttpServletRequest request, Throwable cause) {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
        if (jetty != null) {
            jetty.getServletChannel().abort(cause);
        }
    }
}
