package com.roadcast.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Every header an API answer carries besides its body's own, in one list: the caller's budget,
 * {@code Connection: close} while draining, {@code Server-Timing}, CORS. Jersey's answers get them from this
 * response filter, the forecasts served below Jersey from {@link #addTo}. A header the answer set itself is
 * kept. The security headers are set once for every answer of a context, before it is made, by
 * {@link #servletFilter()}.
 */
public final class AnswerHeaders implements ContainerResponseFilter {
    /** Headers that keep a browser from sniffing, framing, caching or leaking an answer. */
    public static final Map<String, String> SECURITY = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cache-Control", "no-store");
    /**
     * The Swagger UI page's policy: its own scripts and styles (and the inline styles it sets), images,
     * and fetching the document from this origin; nothing else, and never framed.
     */
    public static final String DOCS_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'";
    private static final String VARY = "Vary";
    private final List<Source> sources;

    /**
     * The servlet filter giving every answer of a context the security headers, set before the answer is
     * made, so a servlet's own (its {@code Cache-Control}, say) replaces them; under {@code /docs} the
     * policy is {@link #DOCS_POLICY}. Jetty's own errors get them from {@link JsonErrorHandler}.
     */
    public static Filter servletFilter() {
        return new SecurityServletFilter();
    }

    private static final class SecurityServletFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletResponse http = (HttpServletResponse) response;
            String path = ((HttpServletRequest) request).getRequestURI();
            boolean docs = path != null && (path.equals("/docs") || path.startsWith("/docs/"));
            SECURITY.forEach((name, value) -> http.setHeader(name,
                    docs && name.equals("Content-Security-Policy") ? DOCS_POLICY : value));
            chain.doFilter(request, response);
        }
    }

    /** One source of answer headers, from what the request carries. */
    public interface Source {
        void addTo(RequestAttributes request, BiConsumer<String, String> header);
    }

    /** The headers of {@code sources}, in order. */
    public AnswerHeaders(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    public void addTo(RequestAttributes request, BiConsumer<String, String> header) {
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
            } else if (name.equals(VARY)) {
                headers.putSingle(name, varying(response.getHeaderString(VARY), value));
            }
        });
    }

    /**
     * Adds a header to {@code headers}, in order; a second {@code Vary} joins the first rather than replacing
     * it (the servlet path sets each header once), so both paths send one {@code Vary} naming every reason.
     */
    public static void add(List<Map.Entry<String, String>> headers, String name, String value) {
        if (name.equals(VARY)) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).getKey().equals(VARY)) {
                    headers.set(i, Map.entry(VARY, varying(headers.get(i).getValue(), value)));
                    return;
                }
            }
        }
        headers.add(Map.entry(name, value));
    }

    private static String varying(String present, String value) {
        return List.of(present.split(",\\s*")).contains(value) ? present : present + ", " + value;
    }
}
