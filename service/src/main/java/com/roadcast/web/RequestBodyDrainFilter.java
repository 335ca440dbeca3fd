package com.roadcast.web;

import jakarta.inject.Provider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.glassfish.jersey.internal.util.collection.Ref;

/**
 * Before any answer is committed, reads and discards what is left of the request body, so a kept-alive
 * connection stays usable after an answer given before the body was read: 401 from the key filter, 429
 * or 503 from the rate limiter, a JSON error halfway. Otherwise Jetty, finding content it cannot consume
 * at once when the exchange completes (a client that writes its body after its headers, as Java's
 * HttpClient does), closes the connection after an answer that did not say so.
 *
 * <p>A response filter, because every answer passes here: Jersey hands a {@code WebApplicationException}
 * that carries an entity (every {@link ApiError#exception}, thrown by the request filters) straight to
 * the client, without calling the exception mappers. Bounded: it waits at most {@link #WAIT_MS} for the
 * rest to arrive and reads at most {@link #MAX_DRAIN} bytes, with non-blocking reads, so a slow or
 * stalled body holds a thread no longer than that; past either bound, or when the body broke, the answer
 * says {@code Connection: close}, and the client knows to open a new connection.
 */
public final class RequestBodyDrainFilter implements ContainerResponseFilter {
    static final long WAIT_MS = 1000;
    static final long MAX_DRAIN = 4L * 1024 * 1024;
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(8);

    /** The request itself: an injected {@code HttpServletRequest} is a proxy, which Jetty cannot unwrap. */
    @Context
    private Provider<Ref<HttpServletRequest>> requests;

    @Override
    public void filter(ContainerRequestContext requestContext, ContainerResponseContext response) {
        if (!hasBody(requestContext)) {
            return;
        }
        HttpServletRequest request = requests.get().get();
        // a 408 means the body already stalled past the idle timeout: waiting longer for it is pointless
        boolean stalled = response.getStatus() == Response.Status.REQUEST_TIMEOUT.getStatusCode();
        if (stalled || !drained(ServletContextRequest.getServletContextRequest(request))) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /**
     * Whether a body may still be on its way. Not for a client awaiting {@code 100 Continue}: it sends
     * no body until asked, and Jetty, which knows whether it asked, keeps or closes the connection.
     */
    private static boolean hasBody(ContainerRequestContext request) {
        long length = request.getLength();
        return (length > 0 || length < 0 && request.getHeaderString("Transfer-Encoding") != null)
                && !"100-continue".equalsIgnoreCase(request.getHeaderString("Expect"));
    }

    /** Whether the body was read to its end within the bounds (a broken or cut-off one is not). */
    private static boolean drained(Request body) {
        if (body.getLength() > MAX_DRAIN) {
            return false;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        long total = 0;
        while (true) {
            Content.Chunk chunk = body.read();
            if (chunk == null) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                LockSupport.parkNanos(pause);
                pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
                continue;
            }
            boolean failed = Content.Chunk.isFailure(chunk);
            boolean last = chunk.isLast();
            total += chunk.remaining();
            chunk.release();
            if (failed || total > MAX_DRAIN) {
                return false;
            }
            if (last) {
                return true;
            }
        }
    }
}
