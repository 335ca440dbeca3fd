package com.roadcast.webhook;

import com.roadcast.audit.Audit;
import com.roadcast.openapi.ApiDocs;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import com.roadcast.redis.RedisUnavailableException;
import com.roadcast.web.RequestRefused;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** {@code /v1/webhooks}: subscriptions to congestion forecasts, and what was delivered to them. */
@Path("/v1/webhooks")
@RateLimited(EndpointClass.NODES)
@Tag(name = "webhooks")
public final class WebhookResource {
    private static final String ID = "A webhook id, as `POST /v1/webhooks` answered it";
    private final WebhookStore store;
    private final WebhookRules rules;

    WebhookResource(WebhookStore store, WebhookRules rules) {
        this.store = store;
        this.rules = rules;
    }

    @POST
    @RolesAllowed("admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createWebhook", summary = "Subscribe a URL to congestion forecasts",
            description = "For every new window's forecast, each listed node whose forecast within `within_minutes` "
                    + "falls below `speed_below_mph` starts a congestion episode: one `congestion.forecast` event is "
                    + "POSTed, signed with the secret answered here (shown only once), and nothing more for that node "
                    + "until its forecasts within those minutes are all at or above the threshold again. The URL must "
                    + "be https and every address its host resolves to public (no loopback, private, link-local, "
                    + "unique-local, unspecified or multicast address) unless the host is in `webhooks.allowHosts`.",
            requestBody = @RequestBody(required = true, content = @Content(schema = @Schema(implementation = WebhookRequest.class),
                    examples = @ExampleObject(name = "one node", value = "{\"url\":\"https://hooks.example.org/roadcast\","
                            + "\"nodes\":[\"773869\"],\"when\":{\"speed_below_mph\":25,\"within_minutes\":30}}"))),
            responses = {
                @ApiResponse(responseCode = "201", description = "Created; keep the secret, it is not shown again",
                        content = @Content(schema = @Schema(implementation = WebhookCreated.class)))})
    public Response create(@Context SecurityContext caller, @Nullable WebhookRequest request) {
        Subscription webhook = rules.subscription(request);
        stored(() -> {
            store.add(webhook);
            return webhook;
        });
        Audit.record("webhook-create", "ok", "key_id", keyId(caller), "webhook_id", webhook.id(),
                "host", URI.create(webhook.url()).getHost(), "nodes", webhook.nodes().size());
        return Response.status(Response.Status.CREATED).entity(new WebhookCreated(webhook.id(), webhook.secret())).build();
    }

    @GET
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listWebhooks", summary = "The webhooks, oldest first (never their secrets)",
            responses = @ApiResponse(responseCode = "200", description = "The webhooks", useReturnTypeSchema = true))
    public WebhookList list() {
        return new WebhookList(stored(store::subscriptions).stream().map(Subscription::view).toList());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("admin")
    @Operation(operationId = "deleteWebhook", summary = "Remove a webhook with its pending deliveries",
            responses = {
                @ApiResponse(responseCode = "204", description = "Removed"),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)})
    public void delete(@Context SecurityContext caller, @Parameter(description = ID) @PathParam("id") String id) {
        if (!stored(() -> store.remove(id))) {
            throw unknown(id);
        }
        Audit.record("webhook-delete", "ok", "key_id", keyId(caller), "webhook_id", id);
    }

    @GET
    @Path("/{id}/deliveries")
    @RolesAllowed("admin")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listWebhookDeliveries", summary = "A webhook's recent deliveries, newest first",
            description = "Up to `webhooks.keepDeliveries` events per webhook: pending ones with their next attempt, "
                    + "delivered ones, and failed ones (every attempt spent) with the last error.",
            responses = {
                @ApiResponse(responseCode = "200", description = "The deliveries", useReturnTypeSchema = true),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)})
    public DeliveryList deliveries(@Parameter(description = ID) @PathParam("id") String id) {
        if (stored(() -> store.subscription(id)).isEmpty()) {
            throw unknown(id);
        }
        return new DeliveryList(stored(() -> store.recent(id)).stream().map(Delivery::view).toList());
    }

    private static RequestRefused unknown(String id) {
        return RequestRefused.notFound("no webhook " + com.roadcast.web.Quote.of(id));
    }

    private static String keyId(SecurityContext caller) {
        return caller.getUserPrincipal() == null ? "-" : caller.getUserPrincipal().getName();
    }

    private static <T> T stored(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RedisUnavailableException | UncheckedIOException e) {
            throw RequestRefused.unavailable("webhooks cannot be read or changed now: their store is unavailable; try again");
        }
    }
}
