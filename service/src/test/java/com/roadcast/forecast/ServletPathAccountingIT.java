package com.roadcast.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.TestApp;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.WriterInterceptor;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The servlet path below Jersey ({@link PredictServletFilter}) answers as Jersey would, so it must account
 * for every part Jersey runs on a request and every servlet filter in front of it. Registering a new one
 * fails here until this list says how the servlet path does the same, or why it need not.
 */
@Timeout(120)
class ServletPathAccountingIT {
    /** Jersey parts of the application, and how the servlet path accounts for each. */
    private static final Map<String, String> JERSEY_PARTS = Map.ofEntries(
            Map.entry("com.roadcast.auth.ApiKeyFilter", "PredictExchange.serve admits only a key the authenticator"
                    + " remembers, from an address in its allow list, with a good signature when the key needs one"
                    + " (RequestSigning.checkOnce: the verdict travels with the request); anything else is handed on"
                    + " to this filter"),
            Map.entry("org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature", "DeclaredRoute reads the"
                    + " resource's @RolesAllowed; a lesser role is handed on"),
            Map.entry("com.roadcast.ratelimit.RateLimitFeature", "Budgets.spendOnce, with the class DeclaredRoute reads"
                    + " from @RateLimited; a refusal is handed on, charged once"),
            Map.entry("com.roadcast.web.BodyLimitFilter", "only bodies of a known length under 64 KiB and the limit"
                    + " are read below Jersey"),
            Map.entry("com.roadcast.web.AnswerHeaders", "PredictExchange.answer adds the same list"),
            Map.entry("com.roadcast.web.RequestBodyDrainFilter", "the servlet path answers only after reading the"
                    + " whole body"),
            Map.entry("com.roadcast.web.WebApplicationExceptionMapper", "errors are handed on to Jersey"),
            Map.entry("com.roadcast.web.JsonExceptionMapper", "a body that does not parse is handed on"),
            Map.entry("com.roadcast.web.BodyReadExceptionMapper", "a body read that fails is handed on with its failure"),
            Map.entry("com.roadcast.web.UnexpectedExceptionMapper", "errors are handed on to Jersey"),
            Map.entry("com.roadcast.web.RequestRefusedMapper", "a refused request is handed on"),
            Map.entry("com.codahale.metrics.jersey3.InstrumentedResourceMethodApplicationListener", "Dropwizard's"
                    + " @Timed/@Metered metrics: no resource method carries them"),
            Map.entry("com.roadcast.metrics.HttpMetrics", "PredictServletFilter times its answers on the route's"
                    + " request families (RoadcastMetrics.routeTimer)"));
    /** Servlet filters in front of Jersey on /v1, and how the servlet path relates to each. */
    private static final Map<String, String> SERVLET_FILTERS = Map.of(
            "io.dropwizard.jersey.filter.AllowedMethodsFilter", "runs before: the servlet path serves POST only",
            "io.dropwizard.jetty.ZipExceptionHandlingServletFilter", "runs before: a broken gzip body fails the"
                    + " servlet path's read, handed on with its failure",
            "io.dropwizard.servlets.ThreadNameFilter", "runs before: names the thread for the servlet path too",
            "com.roadcast.web.RequestIdServletFilter", "runs before: the servlet path's answers carry the id",
            "com.roadcast.web.AnswerHeaders$SecurityServletFilter", "runs before: the servlet path's answers carry"
                    + " the security headers; the headers it sets itself replace them",
            "com.roadcast.web.Cors$ServletFilter", "runs before: answers an allowed origin's preflight itself and"
                    + " marks its other requests; PredictExchange.answer adds the CORS headers through AnswerHeaders",
            "com.roadcast.forecast.PredictServletFilter", "the servlet path itself");
    private static final Set<Class<?>> KINDS = Set.of(ContainerRequestFilter.class, ContainerResponseFilter.class,
            DynamicFeature.class, ReaderInterceptor.class, WriterInterceptor.class, ExceptionMapper.class,
            ApplicationEventListener.class);

    @Test
    void everyJerseyPartAndServletFilterIsAccountedFor() throws Exception {
        try (TestApp app = TestApp.start()) {
            var config = app.environment().jersey().getResourceConfig();
            Set<String> jersey = new TreeSet<>();
            Stream.concat(config.getClasses().stream(), config.getInstances().stream().map(Object::getClass))
                    .filter(type -> KINDS.stream().anyMatch(kind -> kind.isAssignableFrom(type)))
                    .filter(type -> !type.getName().startsWith("io.dropwizard."))
                    .forEach(type -> jersey.add(type.getName()));
            Set<String> filters = new TreeSet<>();
            FilterHolder[] holders = app.environment().getApplicationContext().getServletHandler().getFilters();
            Arrays.stream(holders).map(holder -> holder.getFilter().getClass().getName()).forEach(filters::add);
            assertThat(jersey).as("Jersey parts; add each new one to JERSEY_PARTS with how the servlet path"
                    + " does the same").isEqualTo(new TreeSet<>(JERSEY_PARTS.keySet()));
            assertThat(filters).as("servlet filters in front of Jersey").isEqualTo(new TreeSet<>(SERVLET_FILTERS.keySet()));
        }
    }
}
