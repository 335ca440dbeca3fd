package com.roadcast.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.roadcast.ratelimit.RateLimitFactory;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.jaxrs2.Reader;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The OpenAPI 3 document of a set of resource classes, rendered once as JSON and YAML. Map keys (paths,
 * statuses, components, properties) are sorted, so the same resources always give the same bytes.
 */
public final class ContractDocument {
    private final byte[] json;
    private final byte[] yaml;

    private ContractDocument(byte[] json, byte[] yaml) {
        this.json = json;
        this.yaml = yaml;
    }

    /** Reads the resources' annotations (and {@link ContractExtension}'s additions) into a document. */
    public static ContractDocument of(Set<Class<?>> resources, RateLimitFactory limits) {
        OpenAPI base = new OpenAPI()
                .info(ContractInfo.info(limits))
                .tags(ContractInfo.tags())
                .components(SharedComponents.build());
        OpenAPI api = new Reader(new SwaggerConfiguration().openAPI(base)).read(resources);
        ResponseSchemas.requireEveryField(api);
        try {
            return new ContractDocument(
                    sorted(Json.mapper().writerWithDefaultPrettyPrinter()).writeValueAsBytes(api),
                    sorted(Yaml.mapper().writer()).writeValueAsString(api).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the OpenAPI document", e);
        }
    }

    private static ObjectWriter sorted(ObjectWriter writer) {
        return writer.with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    public byte[] json() {
        return json.clone();
    }

    public byte[] yaml() {
        return yaml.clone();
    }
}
