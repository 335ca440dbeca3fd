package com.roadcast.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Repo;
import com.roadcast.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The interactive docs as a person uses them, in a real headless Chromium: open {@code /docs/}, paste a key
 * under "Authorize", try {@code GET /v1/model} and see its 200 answer in the page; everything the page
 * loads comes from the service itself. The screenshot is left in {@code service/target/docs-page.png}.
 */
@Timeout(180)
class DocsPageIT {
    private static final String MODEL_OP = "#operations-model-getModel";

    @Test
    void aPersonAuthorizesWithAKeyAndTriesARequest() throws Exception {
        try (TestApp app = TestApp.start(); Chromium browser = Chromium.launch()) {
            String key = app.createKey("read", "standard");
            String origin = "http://127.0.0.1:" + app.base().getPort() + "/";
            browser.open(origin + "docs/");
            browser.waitFor("the operations", "document.querySelector('" + MODEL_OP + "')");

            browser.click(".auth-wrapper button.authorize");
            browser.waitFor("the key field", "document.querySelector('.modal-ux input')");
            browser.click(".modal-ux input");
            browser.type(key);
            browser.click(".modal-ux .auth-btn-wrapper button.authorize");
            browser.waitFor("the key accepted", "[...document.querySelectorAll('.modal-ux h6')].some(h => h.innerText === 'Authorized')");
            browser.click(".modal-ux button.btn-done");

            browser.click(MODEL_OP + " .opblock-summary");
            browser.waitFor("'Try it out'", "document.querySelector('" + MODEL_OP + " .try-out__btn')");
            browser.click(MODEL_OP + " .try-out__btn");
            browser.waitFor("'Execute'", "document.querySelector('" + MODEL_OP + " button.execute')");
            browser.click(MODEL_OP + " button.execute");
            String status = MODEL_OP + " .live-responses-table .response .response-col_status";
            browser.waitFor("the answer", "document.querySelector('" + status + "')");
            Path shot = Repo.file("service/target/docs-page.png");
            browser.screenshot(shot, MODEL_OP, MODEL_OP + " .live-responses-table .response");

            assertThat(browser.eval("document.querySelector('" + status + "').innerText").asText().trim())
                    .as("the status the page shows for GET /v1/model").startsWith("200");
            assertThat(browser.eval("document.querySelector('" + MODEL_OP + " .live-responses-table .response .response-col_description')"
                    + ".innerText").asText()).contains("roadcast-graph-residual");
            assertThat(browser.requestedUrls()).isNotEmpty()
                    .allSatisfy(url -> assertThat(url.startsWith(origin) || url.startsWith("data:"))
                            .as("%s is loaded from the service itself", url).isTrue());
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }
}
