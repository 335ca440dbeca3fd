package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /} on the application port: a small HTML page, no key needed, nothing loaded from elsewhere, and
 * links to the docs only where they are served; everything under {@code /v1} still needs a key.
 */
@Timeout(120)
class LandingPageIT {

    @Test
    void theLandingPageIsPublicSelfContainedAndLinksToTheDocsWhenServed() {
        try (TestApp app = TestApp.start("api.publicDocs", "true")) {
            Reply page = app.client(null).get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy")).isEqualTo(LandingPage.POLICY).startsWith("default-src 'self';");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.raw().body()).contains("<h1>Roadcast</h1>", "href=\"/docs/\"", "href=\"/openapi.yaml\"",
                    "href=\"/health/ready\"").doesNotContain("http://", "https://", "//github", "<script", "style=");
            for (String link : new String[] {"/docs/", "/openapi.yaml", "/openapi.json", "/health/ready"}) {
                assertThat(app.client(null).get(link).status()).as(link).isEqualTo(200);
            }
            Reply v1 = app.client(null).get("/v1/model");
            assertThat(v1.status()).as("the API still needs a key").isEqualTo(401);
            assertThat(v1.json().get("code").asInt()).isEqualTo(401);
        }
    }

    @Test
    void withoutPublicDocsThePageLinksOnlyToWhatIsServed() {
        try (TestApp app = TestApp.start("api.publicDocs", "false")) {
            Reply page = app.client(null).get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.raw().body()).contains("href=\"/health/ready\"").doesNotContain("/docs/", "/openapi.");
            assertThat(app.client(null).get("/v1/nodes").status()).isEqualTo(401);
        }
    }
}
