package com.roadcast.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin port answers on loopback only, unless the operator says otherwise in so many words. */
@Timeout(120)
class AdminBindingIT {
    @TempDir
    Path temp;

    @Test
    void refusesToStartWithTheAdminPortOnEveryInterface() {
        assertThatThrownBy(() -> TestApp.start("server.adminConnectors[0].bindHost", "0.0.0.0"))
                .rootCause()
                .hasMessageContaining("the admin port is open to the network")
                .hasMessageContaining("server.adminConnectors[0] binds 0.0.0.0")
                .hasMessageContaining("adminOnNetwork: true");
    }

    @Test
    void startsOnTheNetworkWhenTheOperatorAllowsIt() throws Exception {
        try (TestApp app = TestApp.start("server.adminConnectors[0].bindHost", "0.0.0.0", "adminOnNetwork", "true")) {
            assertThat(app.adminClient().get("/healthcheck").status()).isIn(200, 500);
            assertThat(app.client(null).get("/health/live").status()).isEqualTo(200);
        }
    }

    @Test
    void startsWithTheShippedLoopbackBinding() throws Exception {
        try (TestApp app = TestApp.start()) {
            assertThat(app.adminClient().get("/healthcheck").status()).isIn(200, 500);
        }
    }

    @Test
    void aRefusedStartCreatesAndPrintsNoDemoKey() {
        Path store = temp.resolve("keys.json");
        assertThatThrownBy(() -> TestApp.withKeyStore(store, "auth.createDemoKey", "true",
                "server.adminConnectors[0].bindHost", "0.0.0.0")).rootCause().hasMessageContaining("admin port");
        assertThatThrownBy(() -> TestApp.withKeyStore(store, "auth.createDemoKey", "true", "production", "true"))
                .rootCause().hasMessageContaining("Refusing to start an insecure production configuration");
        assertThat(store).satisfiesAnyOf(
                file -> assertThat(Files.exists(file)).isFalse(),
                file -> assertThat(Files.readString(file)).doesNotContain("\"demo\""));
    }

    @Test
    void aStoreStartsWithTheDemoKeyWhenNothingIsRefused() throws Exception {
        Path store = temp.resolve("fresh.json");
        try (TestApp app = TestApp.withKeyStore(store, "auth.createDemoKey", "true")) {
            assertThat(Files.readString(store)).contains("\"demo\"");
        }
    }
}
