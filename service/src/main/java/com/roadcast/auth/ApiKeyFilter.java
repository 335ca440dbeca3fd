package com.roadcast.auth;

import com.roadcast.web.ClientIps;
import com.roadcast.web.ApiError;
import com.roadcast.web.RequestAttributes;
import jakarta.annotation.Priority;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every resource method needs a valid key in {@code X-API-Key} (never in the URL) unless it or its class
 * is marked {@link PermitAll} (the health probes, the landing page). The decision is by the resource Jersey matched, never
 * by the path's spelling, so matrix parameters, doubled slashes or encodings cannot skip it; a method
 * Jersey generates (OPTIONS) needs a key too. A valid key is always admitted; an address that has spent its budget of
 * failures for the window ({@link FailedAuthGuard}) gets 429 for a missing key without a look at the
 * store, and for a wrong key instead of another 401. A valid key used from an address outside its allow
 * list (the client address {@link ClientIps} resolves) is refused with 403 and audited, as a failure of
 * that address (without spending its failure budget). A key that requires signed requests is then
 * admitted only with a good signature ({@link RequestSigning}, which reads the body and puts it back for
 * the resource); a refused signature is a failed authentication like a wrong key: 401 (429 past the
 * address's budget), audited and counted. Roles are then enforced by {@code @RolesAllowed}.
 */
@Priority(Priorities.AUTHENTICATION)
public final class ApiKeyFilter implements ContainerRequestFilter {
    public static final String HEADER = "X-API-Key";
    private final ApiKeyAuthenticator authenticator;
    private final FailedAuthGuard failures;
    private final FailureAudit audit;
    private final ClientIps clientIps;
    private final RequestSigning signing;

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resource;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, FailedAuthGuard failures, FailureAudit audit, ClientIps clientIps,
            RequestSigning signing) {
        this.authenticator = authenticator;
        this.signing = signing;
        this.failures = failures;
        this.audit = audit;
        this.clientIps = clientIps;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        if (isPublic(resource.getResourceMethod(), resource.getResourceClass())) {
            return;
        }
        String token = token(request.getHeaderString(HEADER));
        Optional<ApiPrincipal> known = authenticator.remembered(token);
        if (known.isPresent() && known.get().allowedFrom().isEmpty() && !known.get().signatureRequired()) {
            admit(request, known.get());
            return;
        }
        String ip = clientIps.resolve(servletRequest.getRemoteAddr(), request.getHeaderString("X-Forwarded-For"));
        if (known.isPresent()) {
            admit(request, known.get(), ip, token);
            return;
        }
        if (token.isEmpty()) {
            throw failures.overBudget(ip) ? lockedOut(ip, token) : failed(ip, token, "missing X-API-Key header");
        }
        Optional<ApiPrincipal> principal = authenticator.authenticate(token);
        if (principal.isEmpty()) {
            throw failures.overBudget(ip) ? lockedOut(ip, token) : failed(ip, token, "invalid API key");
        }
        admit(request, principal.get(), ip, token);
    }

    private void admit(ContainerRequestContext request, ApiPrincipal principal, String ip, String token) throws IOException {
        if (!principal.usableFrom(ip)) {
            audit.failed(ip, false, "address-refused", "reason", ApiPrincipal.OUTSIDE_ALLOWED_ADDRESSES, "ip", ip,
                    "key_id", principal.keyId());
            throw ApiError.exception(Response.Status.FORBIDDEN, ApiPrincipal.OUTSIDE_ALLOWED_ADDRESSES);
        }
        if (principal.signatureRequired()) {
            Optional<RequestSigning.Failure> refused = signing.checkOnce(RequestAttributes.of(request), token,
                    request.getHeaderString(RequestSigning.HEADER), () -> signed(request));
            if (refused.isPresent()) {
                throw failures.overBudget(ip) ? lockedOut(ip, token) : failed(ip, token, refused.get().message());
            }
        }
        admit(request, principal);
    }

    /** What the request's signature covers; the body, read through the body limit, is put back for the resource. */
    private SignedContent signed(ContainerRequestContext request) throws IOException {
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        return new SignedContent(request.getMethod(),
                SignedContent.target(servletRequest.getRequestURI(), servletRequest.getQueryString()), body);
    }

    /** Whether a resource method is open without a key: only when it or its class says {@link PermitAll}. */
    public static boolean isPublic(Method method, Class<?> type) {
        return (method != null && method.isAnnotationPresent(PermitAll.class))
                || (type != null && type.isAnnotationPresent(PermitAll.class));
    }

    /** The token a request presents in its {@link #HEADER} value (null: none), as it is checked. */
    public static String token(@Nullable String header) {
        return header == null ? "" : header.trim();
    }

    private WebApplicationException failed(String ip, String token, String message) {
        boolean exhausted = failures.recordFailure(ip);
        audit.failed(ip, false, "failed", "reason", message, "ip", ip, "key_id", KeyTokens.idOf(token).orElse(null),
                "locked_out", exhausted);
        return ApiError.exception(Response.Status.UNAUTHORIZED, message);
    }

    private WebApplicationException lockedOut(String ip, String token) {
        audit.failed(ip, true, "locked-out", "ip", ip, "key_id", KeyTokens.idOf(token).orElse(null));
        long retry = failures.retryAfterSeconds();
        Response response = Response.fromResponse(ApiError.response(ApiError.Status.TOO_MANY_REQUESTS,
                "too many failed authentications from your address; retry in " + retry + " s"))
                .header("Retry-After", retry)
                .build();
        return new WebApplicationException(response);
    }

    private static void admit(ContainerRequestContext request, ApiPrincipal principal) {
        request.setSecurityContext(new KeyContext(principal, request.getSecurityContext().isSecure()));
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
