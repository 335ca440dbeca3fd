package com.roadcast.openapi;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Supplier;

/** {@code GET /openapi.json} and {@code GET /openapi.yaml}: the contract, outside Jersey (no key, no limit). */
final class DocumentServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String JSON = "/openapi.json";
    static final String YAML = "/openapi.yaml";
    private final transient Supplier<ContractDocument> document;

    DocumentServlet(Supplier<ContractDocument> document) {
        this.document = document;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean yaml = YAML.equals(request.getServletPath());
        byte[] body = yaml ? document.get().yaml() : document.get().json();
        response.setContentType(yaml ? "application/yaml" : "application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
