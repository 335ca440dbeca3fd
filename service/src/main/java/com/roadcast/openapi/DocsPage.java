package com.roadcast.openapi;

import io.dropwizard.jetty.setup.ServletEnvironment;
import io.dropwizard.servlets.assets.AssetServlet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code /docs/}: Swagger UI from its webjar (served from the jar, no CDN), opened on {@code /openapi.json}.
 * A person pastes a key under "Authorize" and tries the API from the page.
 */
final class DocsPage {
    static final String PATH = "/docs";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    private DocsPage() {}

    static void register(ServletEnvironment servlets) {
        servlets.addServlet("docs-swagger-ui", new AssetServlet(WEBJAR + webjarVersion(), PATH, null, StandardCharsets.UTF_8))
                .addMapping(PATH + "/*");
        servlets.addServlet("docs-page", new AssetServlet("com/roadcast/openapi/docs", PATH, "index.html", StandardCharsets.UTF_8))
                .addMapping(PATH + "/", PATH + "/index.html", PATH + "/roadcast-docs.js");
    }

    /** The Swagger UI version on the class path, as its webjar records it. */
    private static String webjarVersion() {
        String properties = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
        try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the Swagger UI webjar is missing from the class path (" + properties + ")");
            }
            Properties read = new Properties();
            read.load(in);
            return read.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
