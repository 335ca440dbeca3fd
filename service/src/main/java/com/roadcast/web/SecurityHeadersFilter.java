package com.roadcast.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Map;

/**
 * Headers every API answer carries, errors included, so a client or browser never sniffs, frames,
 * caches or leaks it, whether or not a proxy in front adds its own.
 */
public final class SecurityHeadersFilter implements ContainerResponseFilter {
    /** The headers and their values; {@code Cache-Control} only where the answer sets none of its own. */
    public static final Map<String, String> HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MultivaluedMap<String, Object> headers = response.getHeaders();
        boolean ownCaching = headers.containsKey("Cache-Control");
        HEADERS.forEach((name, value) -> {
            if (!(ownCaching && name.equals("Cache-Control"))) {
                headers.putSingle(name, value);
            }
        });
    }
}
