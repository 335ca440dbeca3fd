package com.roadcast.auth;

import com.codahale.metrics.health.HealthCheck;

/** The key store can be read, holds at least one active key and can be written (keys changed). */
public final class KeyStoreHealthCheck extends HealthCheck {
    private final ApiKeyStore store;

    public KeyStoreHealthCheck(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    protected Result check() {
        java.util.Optional<String> unwritable = store.writeProblem();
        if (unwritable.isPresent()) {
            return Result.unhealthy("%s cannot be written: %s; existing keys keep working, but keys cannot be created, "
                    + "rotated or revoked until it can", store.describe(), unwritable.get());
        }
        long active = store.list().stream().filter(ApiKey::active).count();
        return active > 0
                ? Result.builder().healthy().withMessage(store.describe()).withDetail("active_keys", active).build()
                : Result.unhealthy("no active API keys in %s: create one with the keys command", store.describe());
    }
}
