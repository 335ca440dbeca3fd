package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi30;
import com.roadcast.testing.ApiClient.Reply;
import io.dropwizard.jackson.Jackson;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The OpenAPI document as a test oracle: checks a real reply against what the document says of its
 * operation and status (status listed, body valid against the schema, headers as documented) and keeps
 * count of the statuses seen, to compare with the statuses documented.
 */
final class Contract {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();
    private static final String IRI = "https://roadcast.invalid/openapi.json";
    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final Map<String, Set<String>> exercised = new TreeMap<>();

    Contract(String json) {
        try {
            document = MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the served document is not JSON", e);
        }
        schemas = SchemaRegistry.withDefaultDialect(OpenApi30.getInstance(), builder -> builder.schemas(Map.of(IRI, json)));
    }

    /** "METHOD /path/{template}" of every operation, with the statuses it documents. */
    Map<String, Set<String>> documented() {
        Map<String, Set<String>> documented = new TreeMap<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            Set<String> statuses = new TreeSet<>();
            op.getValue().get("responses").fieldNames().forEachRemaining(statuses::add);
            documented.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), statuses);
        }));
        return documented;
    }

    Map<String, Set<String>> exercised() {
        return exercised;
    }

    JsonNode operation(String operation) {
        String[] parts = operation.split(" ", 2);
        JsonNode found = document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
        assertThat(found.isMissingNode()).as("the document has no operation %s", operation).isFalse();
        return found;
    }

    /** Checks {@code reply} against the document's response for {@code operation} and its status; returns it. */
    Reply check(String operation, Reply reply) {
        String status = Integer.toString(reply.status());
        exercised.computeIfAbsent(operation, k -> new TreeSet<>()).add(status);
        String pointer = pointer(operation) + "/responses/" + status;
        JsonNode response = operation(operation).path("responses").path(status);
        assertThat(response.isMissingNode()).as("%s answered %s, which the document does not list (body %s)",
                operation, status, reply.raw().body()).isFalse();
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = at(pointer);
        }
        checkBody(operation, status, pointer, response, reply);
        checkHeaders(operation, status, response, reply);
        return reply;
    }

    private void checkBody(String operation, String status, String pointer, JsonNode response, Reply reply) {
        if (status.equals("204")) {
            assertThat(response.has("content")).as("%s 204 documents no body", operation).isFalse();
            assertThat(reply.raw().body()).as("%s 204 has no body", operation).isEmpty();
            return;
        }
        if (status.equals("200") && response.path("content").has("text/event-stream")) {
            assertThat(reply.header("Content-Type")).as("%s 200 Content-Type", operation).startsWith("text/event-stream");
            assertThat(reply.raw().body()).as("%s 200 opens with an event or a comment", operation)
                    .matches("(?s)(:|event:|data:|id:|retry:).*\\n\\n");
            return;
        }
        assertThat(response.path("content").path("application/json").isMissingNode())
                .as("%s %s documents a JSON body", operation, status).isFalse();
        assertThat(reply.header("Content-Type")).as("%s %s Content-Type", operation, status).startsWith("application/json");
        assertThat(reply.json()).as("%s %s body is JSON: %s", operation, status, reply.raw().body()).isNotNull();
        assertThat(errors(pointer, reply.json()))
                .as("%s %s body %s against the document's schema", operation, status, reply.raw().body()).isEmpty();
    }

    /** What the JSON schema of the response at {@code pointer} finds wrong with {@code body}. */
    List<Error> errors(String pointer, JsonNode body) {
        return schemaErrors(pointer + "/content/application~1json/schema", body);
    }

    /** What the schema at {@code pointer} in the document finds wrong with {@code value}. */
    List<Error> schemaErrors(String pointer, JsonNode value) {
        return schemas.getSchema(SchemaLocation.of(IRI + "#" + pointer)).validate(value);
    }

    JsonNode document() {
        return document;
    }

    /**
     * Required headers are present; every header the document names anywhere and the reply carries is
     * documented for this response, with a value its schema allows.
     */
    private void checkHeaders(String operation, String status, JsonNode response, Reply reply) {
        JsonNode own = response.path("headers");
        for (Iterator<String> names = document.path("components").path("headers").fieldNames(); names.hasNext(); ) {
            String name = names.next();
            String value = reply.header(name);
            JsonNode header = own.has(name) ? resolve(own.get(name)) : null;
            if (header == null) {
                assertThat(value).as("%s %s carries %s, which the document does not list for it", operation, status, name)
                        .isNull();
                continue;
            }
            if (header.path("required").asBoolean()) {
                assertThat(value).as("%s %s must carry %s", operation, status, name).isNotNull();
            }
            if (value != null) {
                JsonNode typed = "integer".equals(header.path("schema").path("type").asText())
                        ? MAPPER.getNodeFactory().numberNode(Long.parseLong(value)) : MAPPER.getNodeFactory().textNode(value);
                assertThat(schemas.getSchema(MAPPER.valueToTree(header.get("schema"))).validate(typed))
                        .as("%s %s header %s: %s", operation, status, name, value).isEmpty();
            }
        }
    }

    private JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? at(node.get("$ref").asText().substring(1)) : node;
    }

    private JsonNode at(String pointer) {
        return document.at(pointer);
    }

    private static String pointer(String operation) {
        String[] parts = operation.split(" ", 2);
        return "/paths/" + parts[1].replace("~", "~0").replace("/", "~1") + "/" + parts[0].toLowerCase(Locale.ROOT);
    }
}
