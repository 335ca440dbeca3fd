package com.roadcast.auth;

import com.roadcast.web.ApiError;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request under {@code /v1} needs a valid key in {@code X-API-Key} (never in the URL); the rest
 * ({@code /health}) is public. Roles are then enforced by {@code @RolesAllowed} on the resources.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter {
    public static final String HEADER = "X-API-Key";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFilter.class);
    private final ApiKeyAuthenticator authenticator;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("v1") && !path.startsWith("v1/")) {
            return;
        }
        String token = request.getHeaderString(HEADER);
        if (token == null || token.isBlank()) {
            throw ApiError.exception(Response.Status.UNAUTHORIZED, "missing X-API-Key header");
        }
        Optional<ApiPrincipal> principal = authenticator.authenticate(token.trim());
        if (principal.isEmpty()) {
            LOG.warn("Rejected API key (key id {})", KeyTokens.idOf(token.trim()).orElse("unparseable"));
            throw ApiError.exception(Response.Status.UNAUTHORIZED, "invalid API key");
        }
        request.setSecurityContext(new KeyContext(principal.get(), request.getSecurityContext().isSecure()));
    }

    private record KeyContext(ApiPrincipal principal, boolean secure) implements SecurityContext {
        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public boolean isUserInRole(String role) {
            return Role.parse(role).map(principal.role()::allows).orElse(false);
        }

        @Override
        public boolean isSecure() {
            return secure;
        }

        @Override
        public String getAuthenticationScheme() {
            return "X-API-Key";
        }
    }
}
