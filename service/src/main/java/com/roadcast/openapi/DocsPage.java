package com.roadcast.openapi;

import com.roadcast.web.Webjars;
import io.dropwizard.jetty.setup.ServletEnvironment;
import io.dropwizard.servlets.assets.AssetServlet;
import java.nio.charset.StandardCharsets;

/**
 * {@code /docs/}: Swagger UI from its webjar (served from the jar, no CDN), opened on {@code /openapi.json}.
 * A person pastes a key under "Authorize" and tries the API from the page.
 */
final class DocsPage {
    static final String PATH = "/docs";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private DocsPage() {}

    static void register(ServletEnvironment servlets) {
        String webjar = WEBJAR + Webjars.version("org.webjars", "swagger-ui");
        servlets.addServlet("docs-swagger-ui", new AssetServlet(webjar, PATH, null, StandardCharsets.UTF_8))
                .addMapping(PATH + "/*");
        servlets.addServlet("docs-page", new AssetServlet("com/roadcast/openapi/docs", PATH, "index.html", StandardCharsets.UTF_8))
                .addMapping(PATH + "/", PATH + "/index.html", PATH + "/roadcast-docs.js");
    }
}
