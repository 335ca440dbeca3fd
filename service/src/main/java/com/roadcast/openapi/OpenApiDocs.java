package com.roadcast.openapi;

import com.roadcast.ratelimit.RateLimitFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.glassfish.jersey.server.ResourceConfig;
import org.jspecify.annotations.Nullable;

/**
 * Serves the contract generated from the resources registered with Jersey: {@code /openapi.json} and
 * {@code /openapi.yaml} on the admin port always; on the application port too, with the Swagger UI at
 * {@code /docs/}, when {@code api.publicDocs} is on. The document is built once, at start-up.
 */
public final class OpenApiDocs implements Managed, Supplier<ContractDocument> {
    private final Environment environment;
    private final RateLimitFactory limits;
    private volatile @Nullable ContractDocument document;

    private OpenApiDocs(Environment environment, RateLimitFactory limits) {
        this.environment = environment;
        this.limits = limits;
    }

    public static void install(Environment environment, RateLimitFactory limits, boolean publicDocs) {
        OpenApiDocs docs = new OpenApiDocs(environment, limits);
        environment.lifecycle().manage(docs);
        environment.admin().addServlet("openapi", new DocumentServlet(docs))
                .addMapping(DocumentServlet.JSON, DocumentServlet.YAML);
        environment.jersey().register(new LandingPage(publicDocs));
        if (publicDocs) {
            environment.servlets().addServlet("openapi", new DocumentServlet(docs))
                    .addMapping(DocumentServlet.JSON, DocumentServlet.YAML);
            DocsPage.register(environment.servlets());
        }
    }

    @Override
    public void start() {
        document = ContractDocument.of(resources(environment.jersey().getResourceConfig()), limits);
    }

    @Override
    public ContractDocument get() {
        ContractDocument current = document;
        if (current == null) {
            throw new IllegalStateException("the OpenAPI document is built when the application starts");
        }
        return current;
    }

    /** The registered root resources (classes and instances) that are part of the contract. */
    static Set<Class<?>> resources(ResourceConfig config) {
        Set<Class<?>> resources = new LinkedHashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> resources.add(instance.getClass()));
        resources.removeIf(type -> !type.isAnnotationPresent(Path.class) || type.isAnnotationPresent(Hidden.class));
        return resources;
    }
}
