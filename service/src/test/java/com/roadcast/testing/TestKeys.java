package com.roadcast.testing;

import com.roadcast.auth.FileKeyStore;
import com.roadcast.auth.Role;
import java.nio.file.Path;
import java.time.Clock;

/** Keys for tests, made through the real file key store that the app reads. */
final class TestKeys {

    private TestKeys() {}

    static String create(Path store, String role, String tier) {
        return new FileKeyStore(store, Clock.systemUTC())
                .create("test-" + role, tier, Role.parse(role).orElseThrow()).token();
    }
}
