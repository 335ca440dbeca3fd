package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.TestApp;
import io.swagger.v3.core.util.Yaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where the document and the docs page are served: the admin port always; the application port only with
 * {@code api.publicDocs}, and there without a key and without spending anyone's budget.
 */
@Timeout(120)
class DocsServingIT {

    @Test
    void withPublicDocsTheApplicationPortServesTheSameDocumentAndThePageFreely() throws Exception {
        try (TestApp app = TestApp.start("api.publicDocs", "true", "rateLimits.tiers.tiny.nodes", "1",
                "rateLimits.tiers.tiny.predict", "1", "rateLimits.tiers.tiny.ingest", "1")) {
            String key = app.createKey("read", "tiny");
            ApiClient withKey = app.client(key);
            Reply json = withKey.get("/openapi.json");
            Reply yaml = app.client(null).get("/openapi.yaml");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.header("Content-Type")).startsWith("application/json");
            assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
            assertThat(json.raw().body()).isEqualTo(app.adminClient().get("/openapi.json").raw().body());
            assertThat(yaml.raw().body()).isEqualTo(app.adminClient().get("/openapi.yaml").raw().body());
            JsonNode fromYaml = Yaml.mapper().readTree(yaml.raw().body());
            assertThat(fromYaml).as("the YAML and the JSON say the same").isEqualTo(json.json());
            assertThat(json.header("X-RateLimit-Limit")).as("the document is not rate-limited").isNull();

            Reply page = app.client(null).get("/docs/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.raw().body()).contains("swagger-ui-bundle.js", "roadcast-docs.js").doesNotContain("https://");
            assertThat(app.client(null).get("/docs/roadcast-docs.js").raw().body()).contains("url: \"/openapi.json\"");
            assertThat(app.client(null).get("/docs/swagger-ui-bundle.js").status()).isEqualTo(200);

            assertThat(withKey.get("/v1/model").status()).as("a budget of one, untouched by the docs").isEqualTo(200);
            assertThat(withKey.get("/v1/model").status()).isEqualTo(429);
        }
    }

    @Test
    void withoutPublicDocsOnlyTheAdminPortServesTheDocument() {
        try (TestApp app = TestApp.start("api.publicDocs", "false")) {
            for (String path : new String[] {"/openapi.json", "/openapi.yaml", "/docs/"}) {
                Reply hidden = app.client(null).get(path);
                assertThat(hidden.status()).as(path).isEqualTo(404);
                assertThat(hidden.json().get("code").asInt()).isEqualTo(404);
            }
            Reply admin = app.adminClient().get("/openapi.json");
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.json().at("/info/title").asText()).isEqualTo("Roadcast API");
        }
    }
}
