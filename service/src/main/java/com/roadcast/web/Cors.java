package com.roadcast.web;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin access to {@code /v1} for the exact origins {@code api.cors.allowedOrigins} lists (none:
 * off, nothing changes). Its servlet filter, in front of both request paths, answers a preflight from an
 * allowed origin itself (204, before any key or budget is asked for) and marks the other requests of an
 * allowed origin; as an {@link AnswerHeaders.Source} it then gives their answers, Jersey's and those served
 * below Jersey alike, the origin, {@code Vary: Origin} and the headers a page may read. Never credentials:
 * the key travels in {@code X-API-Key}, which the page sends itself.
 */
public final class Cors implements AnswerHeaders.Source {
    public static final String ALLOW_METHODS = "GET, POST";
    public static final String ALLOW_HEADERS = "X-API-Key, Content-Type, Accept, Accept-Encoding";
    /** The headers of an answer a page of an allowed origin may read besides the safelisted ones. */
    public static final String EXPOSE_HEADERS = "X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, "
            + "RateLimit, RateLimit-Policy, Retry-After, X-Cache, X-Cache-Level, X-Request-Id, Server-Timing";
    private static final String ORIGIN = Cors.class.getName() + ".origin";
    private final Set<String> allowed;
    private final long maxAgeSeconds;

    Cors(List<String> allowedOrigins, long maxAgeSeconds) {
        this.allowed = Set.copyOf(allowedOrigins);
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** Puts the filter on {@code /v1} after the request id is set, in front of both request paths: install it before the servlet path. */
    public void install(Environment environment, AnswerHeaders answerHeaders) {
        environment.servlets().addFilter("cors", new ServletFilter(this, answerHeaders))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/v1/*");
    }

    @Override
    public void addTo(RequestAttributes request, BiConsumer<String, String> header) {
        if (request.get(ORIGIN) instanceof String origin) {
            header.accept("Access-Control-Allow-Origin", origin);
            header.accept("Vary", "Origin");
            header.accept("Access-Control-Expose-Headers", EXPOSE_HEADERS);
        }
    }

    /** The request's one {@code Origin} when it is allowed; null otherwise (off, none, another, repeated). */
    private @Nullable String allowedOrigin(HttpServletRequest request) {
        if (allowed.isEmpty()) {
            return null;
        }
        List<String> origins = Collections.list(request.getHeaders("Origin"));
        return origins.size() == 1 && allowed.contains(origins.get(0)) ? origins.get(0) : null;
    }

    private record ServletFilter(Cors cors, AnswerHeaders answerHeaders) implements Filter {

        @Override
        public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) servletRequest;
            String origin = cors.allowedOrigin(request);
            if (origin == null) {
                chain.doFilter(servletRequest, servletResponse);
                return;
            }
            request.setAttribute(ORIGIN, origin);
            if ("OPTIONS".equals(request.getMethod()) && request.getHeader("Access-Control-Request-Method") != null) {
                HttpServletResponse response = (HttpServletResponse) servletResponse;
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
                response.setHeader("Access-Control-Allow-Methods", ALLOW_METHODS);
                response.setHeader("Access-Control-Allow-Headers", ALLOW_HEADERS);
                response.setHeader("Access-Control-Max-Age", Long.toString(cors.maxAgeSeconds));
                answerHeaders.addTo(RequestAttributes.of(request), response::setHeader);
                return;
            }
            chain.doFilter(servletRequest, servletResponse);
        }
    }
}
