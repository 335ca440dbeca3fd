package com.roadcast.forecast;

import com.roadcast.auth.Role;
import com.roadcast.ratelimit.EndpointClass;
import com.roadcast.ratelimit.RateLimited;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The path, role and budget a Jersey resource declares for its {@code POST} method, read from its
 * annotations, so a path below Jersey serving the same requests cannot drift from the declaration.
 */
record DeclaredRoute(String path, Role role, EndpointClass endpoint) {

    static DeclaredRoute of(Class<?> resource) {
        Method post = Arrays.stream(resource.getMethods()).filter(m -> m.isAnnotationPresent(POST.class))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(resource + " has no @POST method"));
        String[] roles = post.getAnnotation(RolesAllowed.class).value();
        if (roles.length != 1) {
            throw new IllegalArgumentException(post + " must allow exactly one (least) role");
        }
        return new DeclaredRoute(resource.getAnnotation(Path.class).value(),
                Role.parse(roles[0]).orElseThrow(() -> new IllegalArgumentException("unknown role " + roles[0])),
                resource.getAnnotation(RateLimited.class).value());
    }
}
