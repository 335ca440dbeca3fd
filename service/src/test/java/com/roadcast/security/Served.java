package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;

/** An embedded instance with a full observation window and an admin key, for hostile-input tests. */
record Served(TestApp app, String key, ApiClient client) implements AutoCloseable {

    static Served withFullWindow() {
        TestApp app = TestApp.start();
        String key = app.createKey("admin", "internal");
        ApiClient client = app.client(key);
        assertThat(client.post("/v1/observations", LosLoop.batch(1450, 12)).status()).isEqualTo(202);
        return new Served(app, key, client);
    }

    @Override
    public void close() {
        app.close();
    }
}
