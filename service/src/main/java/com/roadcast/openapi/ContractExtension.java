package com.roadcast.openapi;

import com.roadcast.auth.Role;
import com.roadcast.ratelimit.RateLimited;
import io.swagger.v3.jaxrs2.ext.AbstractOpenAPIExtension;
import io.swagger.v3.jaxrs2.ext.OpenAPIExtension;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Produces;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Documents what an operation inherits from the machinery rather than from its own code, read from the
 * same annotations that drive that machinery, so the contract cannot drift from it:
 * <ul>
 *   <li>{@code @RolesAllowed}: the {@code X-API-Key} requirement, the optional {@code Roadcast-Signature}
 *       header, 401, 429 (failed-authentication lockout),
 *       and 403 when the role is above {@code read}; without it the operation is public ({@code security: []});
 *   <li>{@code @Produces}: 406 (the client accepts none of its media types);
 *   <li>{@code @RateLimited}: the rate-limit headers on its own responses, 429, and 503 (limiter unreachable);
 *   <li>a JSON request body: 400 (malformed), 413 (too large), 415 (not JSON), 422 (wrong field or type);
 *   <li>every response: {@code X-Request-Id} and {@code Server-Timing}.
 * </ul>
 * Registered through {@code META-INF/services}, as swagger-core loads its extensions.
 */
public final class ContractExtension extends AbstractOpenAPIExtension {

    @Override
    public void decorateOperation(Operation operation, Method method, Iterator<OpenAPIExtension> chain) {
        ApiResponses responses = operation.getResponses() != null ? operation.getResponses() : new ApiResponses();
        operation.setResponses(responses);
        Optional<RolesAllowed> roles = annotation(method, RolesAllowed.class);
        Optional<RateLimited> limited = annotation(method, RateLimited.class);
        responses.values().stream().filter(r -> r.get$ref() == null).forEach(own -> {
            own.addHeaderObject(SharedComponents.REQUEST_ID, SharedComponents.header(SharedComponents.REQUEST_ID));
            own.addHeaderObject(SharedComponents.SERVER_TIMING, SharedComponents.header(SharedComponents.SERVER_TIMING));
            if (limited.isPresent()) {
                SharedComponents.RATE_LIMIT_HEADERS.forEach(h -> own.addHeaderObject(h, SharedComponents.header(h)));
            }
        });
        if (roles.isEmpty()) {
            operation.setSecurity(List.of());
        } else {
            operation.addSecurityItem(new SecurityRequirement().addList(ApiDocs.API_KEY));
            operation.addParametersItem(new Parameter().$ref("#/components/parameters/" + SharedComponents.SIGNATURE));
            add(responses, "401", ApiDocs.UNAUTHORIZED);
            add(responses, "429", ApiDocs.TOO_MANY_REQUESTS);
            if (List.of(roles.get().value()).stream().map(Role::parse).flatMap(Optional::stream)
                    .allMatch(role -> role != Role.READ)) {
                add(responses, "403", ApiDocs.FORBIDDEN);
            }
        }
        limited.ifPresent(l -> add(responses, "503", ApiDocs.UNAVAILABLE));
        if (annotation(method, Produces.class).isPresent()) {
            add(responses, "406", ApiDocs.NOT_ACCEPTABLE);
        }
        if (operation.getRequestBody() != null) {
            add(responses, "400", ApiDocs.BAD_REQUEST);
            add(responses, "413", ApiDocs.PAYLOAD_TOO_LARGE);
            add(responses, "415", ApiDocs.UNSUPPORTED_MEDIA_TYPE);
            add(responses, "422", ApiDocs.UNPROCESSABLE);
        }
        operation.setDescription(describe(operation.getDescription(), roles, limited));
        super.decorateOperation(operation, method, chain);
    }

    private static String describe(String description, Optional<RolesAllowed> roles, Optional<RateLimited> limited) {
        String rule = roles.map(r -> "Requires a key with role `" + String.join("` or `", r.value()) + "` or above."
                        + limited.map(l -> " Spends the key's `" + l.value().id() + "` budget.").orElse(""))
                .orElse("Public: no key needed, not rate-limited.");
        String own = description == null ? "" : description.strip();
        return own.isEmpty() ? rule : own + "\n\n" + rule;
    }

    private static void add(ApiResponses responses, String status, String ref) {
        if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().$ref(ref));
        }
    }

    private static <A extends Annotation> Optional<A> annotation(Method method, Class<A> type) {
        A onMethod = method.getAnnotation(type);
        return Optional.ofNullable(onMethod != null ? onMethod : method.getDeclaringClass().getAnnotation(type));
    }
}
