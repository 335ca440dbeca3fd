package com.roadcast.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.BaseConfigurationFactory;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.ConfigurationFactoryFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import jakarta.validation.Validator;
import java.util.EnumSet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The HTTP behaviour every resource shares: strict JSON, the one error shape (Jersey and Jetty errors
 * alike, admin task refusals too), request ids and the body size limit. The headers every answer
 * carries are {@link AnswerHeaders}'.
 */
public final class WebSetup {

    private WebSetup() {}

    /** Strict request JSON: unknown fields fail; NaN and Infinity parse so validation can name them (422). */
    public static void configureMapper(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
    }

    /**
     * A key repeated in one JSON object (or YAML mapping) is refused by the parser, whatever object it is
     * in: which of two values was meant cannot be known. Answered 422 naming where ({@link JsonExceptionMapper}).
     */
    public static void rejectDuplicateKeys(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }

    /**
     * Configuration files parsed by a YAML parser that refuses a repeated key (start-up fails naming it):
     * Dropwizard's own YAML factory does not, and the mapper's setting never reaches that parser, so a
     * second {@code api:} block silently replaced the first.
     */
    public static <T> ConfigurationFactoryFactory<T> rejectDuplicateConfigKeys() {
        return new DefaultConfigurationFactoryFactory<>() {
            @Override
            public ConfigurationFactory<T> create(Class<T> klass, Validator validator, ObjectMapper mapper, String prefix) {
                YAMLFactory yaml = YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
                return new BaseConfigurationFactory<>(yaml, YAMLFactory.FORMAT_NAME_YAML, klass, validator,
                        configureObjectMapper(mapper.copy()), prefix) {};
            }
        };
    }

    public static void register(Environment environment, ServerFactory serverFactory, ApiFactory api) {
        if (serverFactory instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        environment.servlets().addFilter("security-headers", AnswerHeaders.servletFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.admin().addFilter("security-headers", AnswerHeaders.servletFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.servlets().addFilter("request-id", new RequestIdServletFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.admin().addFilter("request-id", new RequestIdServletFilter())
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        environment.jersey().register(new RequestBodyDrainFilter());
        environment.jersey().register(api.bodyLimitFilter());
        environment.jersey().register(new WebApplicationExceptionMapper());
        environment.jersey().register(new JsonExceptionMapper());
        environment.jersey().register(new RequestRefusedMapper());
        environment.jersey().register(new BodyReadExceptionMapper());
        environment.jersey().register(new UnexpectedExceptionMapper());
        environment.admin().addFilter("task-rejection", TaskRejection.filter(environment.getObjectMapper()))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/tasks/*");
        environment.getApplicationContext().setErrorHandler(JsonErrorHandler.forContexts(environment.getObjectMapper()));
        environment.getAdminContext().setErrorHandler(JsonErrorHandler.forContexts(environment.getObjectMapper()));
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.setErrorHandler(JsonErrorHandler.forServer(environment.getObjectMapper()));
                }
            }
        });
    }
}
