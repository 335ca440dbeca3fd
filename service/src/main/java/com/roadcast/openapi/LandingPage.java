package com.roadcast.openapi;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /}: a small public page saying what Roadcast is, with links to this instance's readiness and,
 * with {@code api.publicDocs}, its API documentation; no key, no data. Served from the jar, under a policy
 * that lets it load nothing but from this origin. Open without a key ({@link PermitAll}), as the health
 * probes are; not part of the API's contract.
 */
@Hidden
@PermitAll
@Path("/")
public final class LandingPage {
    /** Only this origin, never framed, no base or form elsewhere. */
    static final String POLICY = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final String PAGE = "com/roadcast/openapi/landing.html";
    private static final String DOCS_MARKER = "<!-- docs -->";
    private static final String DOCS_LINKS = "<li><a href=\"" + DocsPage.PATH + "/\">API documentation</a> "
            + "(try the API with a key), and the contract as <a href=\"" + DocumentServlet.YAML + "\">OpenAPI YAML</a> "
            + "or <a href=\"" + DocumentServlet.JSON + "\">JSON</a></li>";
    private final byte[] page;

    LandingPage(boolean publicDocs) {
        this.page = read().replace(DOCS_MARKER, publicDocs ? DOCS_LINKS : "").getBytes(StandardCharsets.UTF_8);
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
    public Response page() {
        return Response.ok(page).header("Content-Security-Policy", POLICY).build();
    }

    private static String read() {
        try (InputStream in = LandingPage.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException("the landing page is missing from the class path (" + PAGE + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
