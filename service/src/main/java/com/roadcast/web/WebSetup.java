package com.roadcast.web;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;

/**
 * The HTTP behaviour every resource shares: strict JSON, the one error shape (Jersey and Jetty errors
 * alike), request ids and the body size limit.
 */
public final class WebSetup {

    private WebSetup() {}

    /** Strict request JSON: unknown fields fail; NaN and Infinity parse so validation can name them (422). */
    public static void configureMapper(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    }

    public static void register(Environment environment, ServerFactory serverFactory, ApiFactory api) {
        if (serverFactory instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        environment.jersey().register(new RequestIdFilter());
        environment.jersey().register(api.bodyLimitFilter());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());
        JsonErrorHandler errors = new JsonErrorHandler(environment.getObjectMapper());
        environment.getApplicationContext().setErrorHandler(errors);
        environment.getAdminContext().setErrorHandler(new JsonErrorHandler(environment.getObjectMapper()));
        environment.lifecycle().addServerLifecycleListener(server -> server.setErrorHandler(errors));
    }
}
