package com.roadcast.web;

import jakarta.servlet.ServletRequest;
import java.util.Locale;
import org.eclipse.jetty.server.Request;

/**
 * {@code Server-Timing: app;dur=<ms>} on every API answer: the time from the request reaching the
 * application ({@link RequestIdServletFilter} records it once per request) to its answer's headers, in
 * milliseconds with three decimals. An {@link AnswerHeaders.Source}, so both request paths add it alike;
 * Jetty's own errors get it from {@link JsonErrorHandler}.
 */
public final class ServerTiming {
    public static final String HEADER = "Server-Timing";
    private static final String STARTED = ServerTiming.class.getName() + ".started";
    /** The time spent on the request so far; nothing for a request whose start was not recorded. */
    public static final AnswerHeaders.Source ANSWER_HEADERS = (request, header) -> {
        if (request.get(STARTED) instanceof Long started) {
            header.accept(HEADER, value(System.nanoTime() - started));
        }
    };

    private ServerTiming() {}

    /** Records now as the request's start, unless it already has one (a forward or an error dispatch). */
    static void start(ServletRequest request) {
        if (request.getAttribute(STARTED) == null) {
            request.setAttribute(STARTED, System.nanoTime());
        }
    }

    /**
     * The value for an error Jetty writes itself ({@link JsonErrorHandler}): from the recorded start, or for a
     * request that never reached the application, from its arrival at the connector.
     */
    static String forJettyError(Request request) {
        long started = request.getAttribute(STARTED) instanceof Long recorded ? recorded : request.getBeginNanoTime();
        return value(System.nanoTime() - started);
    }

    /** The header's value for {@code nanos} spent: at least 0.001 ms, so it is never zero. */
    static String value(long nanos) {
        return String.format(Locale.ROOT, "app;dur=%.3f", Math.max(nanos, 1_000L) / 1_000_000.0);
    }
}
