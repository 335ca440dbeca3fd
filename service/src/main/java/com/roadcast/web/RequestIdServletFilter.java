package com.roadcast.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.MDC;

/**
 * Gives every request an id (the proxy's {@code X-Request-Id} when it is well-formed), puts it in the
 * logging MDC for as long as the request is served and echoes it in the response. A servlet filter on the
 * application and admin contexts alike, so every line logged while serving a request carries its id:
 * resources, filters, exception mappers, admin tasks and the audit trail. It also records when the
 * request reached the application, for {@link ServerTiming}.
 */
public final class RequestIdServletFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ServerTiming.start(request);
        String id = RequestIds.acceptOrCreate(((HttpServletRequest) request).getHeader(RequestIds.HEADER));
        ((HttpServletResponse) response).setHeader(RequestIds.HEADER, id);
        MDC.put(RequestIds.MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }
}
