package com.roadcast.bench;

import com.roadcast.forecast.PredictRequest;
import com.roadcast.forecast.PredictResource;
import io.dropwizard.core.setup.Environment;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import org.jspecify.annotations.Nullable;

/**
 * Benchmark baselines, in the bench jar only ({@link BenchApplication}):
 * {@code POST /bench/baseline} answers with whatever bytes were {@code PUT} there, through the same
 * Jetty, Jersey and filters but with no auth, cache or forecast work (the framework's ceiling);
 * {@code POST /bench/predict} gives {@code /v1/predict}'s answer, cache included, through Jersey (where
 * {@code /v1/predict} is served below it by {@link com.roadcast.forecast.PredictServletFilter}) and with no key
 * check and no rate limit, so the two can be compared.
 * {@link ServletBaseline} answers {@code POST /bench/servlet} from below Jersey.
 */
@Hidden
@PermitAll // the baselines measure the framework without a key check
@Path("/bench")
public final class BaselineResource {
    private volatile byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private volatile @Nullable PredictResource predict;

    private BaselineResource() {}

    /**
     * Registers the three baselines, once Roadcast's own {@code run} has: this resource's two and
     * {@link ServletBaseline} below Jersey.
     */
    static void install(Environment environment) {
        BaselineResource baseline = new BaselineResource();
        environment.jersey().register(baseline);
        environment.servlets().addFilter("bench-servlet", new ServletBaseline(baseline))
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/bench/servlet");
    }

    @PUT
    @Path("baseline")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response set(byte[] bytes) {
        body = bytes.clone();
        return Response.noContent().build();
    }

    @POST
    @Path("baseline")
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The bytes last {@code PUT}, for {@link ServletBaseline}. */
    byte[] body() {
        return body;
    }

    @POST
    @Path("predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response predict(PredictRequest request, @Context ResourceContext resources,
            @Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        PredictResource resource = predict;
        if (resource == null) {
            // the instance Roadcast registered (Jersey binds it to its class), with the application's own
            // forecast answers (model, window, cache): the service needs no hook for the benchmarks
            resource = resources.getResource(PredictResource.class);
            predict = resource;
        }
        return resource.predict(request, headers, servlet);
    }
}
