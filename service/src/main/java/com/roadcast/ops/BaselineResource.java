package com.roadcast.ops;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Benchmark baseline, registered only when {@code api.benchmarkBaseline} is on: a bare resource that
 * answers {@code POST /bench/baseline} with whatever bytes were {@code PUT} there, through the same
 * Jetty, Jersey and filters but with no auth, cache or forecast work: the framework's ceiling.
 */
@Hidden
@Path("/bench/baseline")
public final class BaselineResource {
    private volatile byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Response set(byte[] bytes) {
        body = bytes.clone();
        return Response.noContent().build();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
