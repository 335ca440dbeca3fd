package com.roadcast.bench;

import com.roadcast.web.AnswerHeaders;
import com.roadcast.web.SingleWriteOutput;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Benchmark baseline below Jersey, in the bench jar only: {@code POST /bench/servlet} answers the bytes
 * {@link BaselineResource} holds from a plain servlet filter (same Jetty, request id and security headers;
 * no Jersey, no auth, no cache), the ceiling a hit path that bypassed Jersey could reach.
 */
final class ServletBaseline implements Filter {
    private final BaselineResource baseline;

    ServletBaseline(BaselineResource baseline) {
        this.baseline = baseline;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.getInputStream().readAllBytes();
        byte[] body = baseline.body();
        HttpServletResponse answer = (HttpServletResponse) response;
        answer.setStatus(HttpServletResponse.SC_OK);
        answer.setContentType("application/json");
        answer.setContentLength(body.length);
        AnswerHeaders.SECURITY.forEach(answer::setHeader);
        SingleWriteOutput.write(answer.getOutputStream(), body);
    }
}
