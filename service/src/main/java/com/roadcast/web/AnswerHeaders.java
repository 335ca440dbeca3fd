package com.roadcast.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Every header an API answer carries besides its body's own, in one list: the security headers, the
 * caller's budget, {@code Connection: close} while draining. Jersey's answers get them from this response
 * filter, the forecasts served below Jersey from {@link #addTo}. A header the answer set itself (its own
 * {@code Cache-Control}, say) is kept.
 */
public final class AnswerHeaders implements ContainerResponseFilter {
    /** Headers that keep a browser from sniffing, framing, caching or leaking an answer. */
    public static final Map<String, String> SECURITY = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    private final List<Source> sources;

    /** One source of answer headers, from what the request carries. */
    public interface Source {
        void addTo(RequestAttributes request, BiConsumer<String, String> header);
    }

    /** The security headers first, then {@code sources} in order. */
    public AnswerHeaders(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    public void addTo(RequestAttributes request, BiConsumer<String, String> header) {
        SECURITY.forEach(header);
        for (Source source : sources) {
            source.addTo(request, header);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        addTo(RequestAttributes.of(request), (name, value) -> {
            if (!headers.containsKey(name)) {
                headers.putSingle(name, value);
            }
        });
    }
}
