package com.roadcast.status;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /status}: the page itself, from the jar, under a policy that lets it run only its own script and
 * style and fetch only from this origin (images from the tile server too, when one is set).
 */
final class StatusPageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String PAGE = "com/roadcast/status/status.html";
    private final String policy;
    private final byte[] page;

    StatusPageServlet(String policy) {
        this.policy = policy;
        this.page = read();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Content-Security-Policy", policy);
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private static byte[] read() {
        try (InputStream in = StatusPageServlet.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the status page is missing from the class path (" + PAGE + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
