package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An embedded instance with a full observation window and an admin key, for hostile-input tests: one
 * per test class ({@code @RegisterExtension static final Served served = new Served();}).
 */
final class Served implements BeforeAllCallback, AfterAllCallback {
    private TestApp app;
    private String key;
    private ApiClient client;

    @Override
    public void beforeAll(ExtensionContext context) {
        app = TestApp.start();
        key = app.createKey("admin", "internal");
        client = app.client(key);
        assertThat(client.post("/v1/observations", LosLoop.batch(1450, 12)).status()).isEqualTo(202);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        app.close();
    }

    TestApp app() {
        return app;
    }

    String key() {
        return key;
    }

    ApiClient client() {
        return client;
    }
}
