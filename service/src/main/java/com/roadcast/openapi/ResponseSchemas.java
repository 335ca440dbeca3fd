package com.roadcast.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Answers always carry every field (records, serialized without omitting nulls; a field that may be null
 * says {@code nullable}), so every property of a schema an answer uses is marked required: a client may
 * rely on it, and the contract tests check it.
 */
final class ResponseSchemas {

    private ResponseSchemas() {}

    static void requireEveryField(OpenAPI api) {
        Map<String, ? extends Schema<?>> schemas = components(api);
        Deque<Schema<?>> pending = new ArrayDeque<>();
        responses(api).map(ApiResponse::getContent).filter(Objects::nonNull)
                .flatMap(content -> content.values().stream()).map(media -> (Schema<?>) media.getSchema())
                .filter(Objects::nonNull).forEach(pending::add);
        Set<String> done = new HashSet<>();
        while (!pending.isEmpty()) {
            Schema<?> schema = pending.pop();
            if (schema.get$ref() != null) {
                String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
                if (done.add(name)) {
                    pending.push(Objects.requireNonNull(schemas.get(name), "no component schema " + name));
                }
                continue;
            }
            if (schema.getItems() != null) {
                pending.push(schema.getItems());
            }
            if (schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
                schema.getProperties().values().forEach(pending::push);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // swagger-core's model declares the raw type
    private static Map<String, ? extends Schema<?>> components(OpenAPI api) {
        return (Map) api.getComponents().getSchemas();
    }

    /** Every response an operation lists, and the shared ones. */
    private static Stream<ApiResponse> responses(OpenAPI api) {
        Stream<ApiResponse> own = api.getPaths().values().stream()
                .flatMap(path -> path.readOperations().stream())
                .flatMap(operation -> operation.getResponses().values().stream());
        return Stream.concat(own, api.getComponents().getResponses().values().stream());
    }
}
