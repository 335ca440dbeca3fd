package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.TestApp;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every resource method under {@code /v1}, as the running application's Jersey model lists them, needs a
 * key whatever spelling of its path reaches it: matrix parameters on any segment, doubled slashes,
 * percent-encoded letters or slashes, dot segments. Each answers 401 without a key, unless the spelling
 * reaches no resource at all (Jetty refuses it with 400, or nothing matches: 404), which a request with
 * a valid admin key to the same spelling shows. Each carries a role.
 */
@Timeout(180)
class KeyRequiredEverywhereIT {
    private static final String NODE = "773869";

    /** A resource method: its HTTP method, its path with the template filled in, and the Java method. */
    private record Endpoint(String httpMethod, String path, Method handler) {}

    @Test
    void everyResourceMethodUnderV1AnswersFourOhOneWithoutAKeyWhateverThePathsSpelling() {
        try (TestApp app = TestApp.start("rateLimits.failedAuthPerIp", "100000")) {
            List<Endpoint> endpoints = endpoints(app.environment().jersey().getResourceConfig());
            assertThat(endpoints).extracting(Endpoint::path)
                    .contains("/v1/nodes", "/v1/nodes/" + NODE, "/v1/model", "/v1/observations", "/v1/predict",
                            "/v1/nodes/" + NODE + "/predict");
            ApiClient client = app.client(null);
            ApiClient admin = app.client(app.createKey("admin", "internal"));
            List<String> problems = new ArrayList<>();
            for (Endpoint endpoint : endpoints) {
                if (roles(endpoint.handler()).length == 0) {
                    problems.add(endpoint + " has no @RolesAllowed role");
                }
                for (String spelling : spellings(endpoint.path())) {
                    Reply reply = client.send(request(app.base(), endpoint.httpMethod(), spelling));
                    if (reply.status() != 401 && !reachesNoResource(admin, app.base(), endpoint, spelling, reply.status())) {
                        problems.add(endpoint.httpMethod() + " " + spelling + " answered " + reply.status() + " without a key: "
                                + Answers.abbreviate(reply.raw().body()));
                    }
                }
            }
            assertThat(problems).isEmpty();
        }
    }

    /** A spelling that routes nowhere: not the canonical one, and refused the same way with a valid key. */
    private static boolean reachesNoResource(ApiClient admin, URI base, Endpoint endpoint, String spelling, int status) {
        return (status == 400 || status == 404) && !spelling.equals(endpoint.path())
                && admin.send(request(base, endpoint.httpMethod(), spelling)).status() == status;
    }

    private static String[] roles(Method handler) {
        RolesAllowed marked = handler.getAnnotation(RolesAllowed.class);
        if (marked == null) {
            marked = handler.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return marked == null ? new String[0] : marked.value();
    }

    /** The ways a client can spell {@code path} that a server might still route to its resource. */
    private static Set<String> spellings(String path) {
        String rest = path.substring("/v1".length());
        Set<String> spellings = new LinkedHashSet<>();
        spellings.add(path);
        spellings.add("/v1;x=y" + rest);
        spellings.add(path + ";x=y");
        spellings.add("/v1;" + rest.replace("/", ";/").substring(1) + ";");
        spellings.add("/%76%31" + rest);
        spellings.add("/v1%3Bx=y" + rest);
        spellings.add("/" + path);
        spellings.add("/v1/" + rest);
        spellings.add("/v1%2F" + rest.substring(1));
        spellings.add("/v1/." + rest);
        spellings.add("/x/.." + path);
        return spellings;
    }

    private static HttpRequest.Builder request(URI base, String method, String path) {
        String root = base.toString().substring(0, base.toString().length() - 1);
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json");
        return method.equals("GET") ? builder.GET() : builder.method(method, HttpRequest.BodyPublishers.ofString("{}"));
    }

    /** Every resource method of every root resource the application registered, with its full path. */
    private static List<Endpoint> endpoints(ResourceConfig config) {
        Set<Class<?>> roots = new LinkedHashSet<>();
        config.getClasses().forEach(roots::add);
        config.getInstances().forEach(instance -> roots.add(instance.getClass()));
        List<Endpoint> endpoints = new ArrayList<>();
        for (Class<?> root : roots) {
            if (root.isAnnotationPresent(Path.class)) {
                collect(Resource.from(root), "", endpoints);
            }
        }
        for (Resource resource : config.getResources()) {
            collect(resource, "", endpoints);
        }
        return endpoints.stream().filter(e -> e.path().equals("/v1") || e.path().startsWith("/v1/")).toList();
    }

    private static void collect(Resource resource, String parent, List<Endpoint> into) {
        String path = (parent + "/" + resource.getPath()).replaceAll("/+", "/").replaceAll("(.)/$", "$1")
                .replace("{id}", NODE);
        for (ResourceMethod method : resource.getResourceMethods()) {
            into.add(new Endpoint(method.getHttpMethod(), path, method.getInvocable().getHandlingMethod()));
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, into);
        }
    }
}
