package com.roadcast.auth;

import com.codahale.metrics.health.HealthCheck;

/** The key store can be read and holds at least one active key. */
public final class KeyStoreHealthCheck extends HealthCheck {
    private final ApiKeyStore store;

    public KeyStoreHealthCheck(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    protected Result check() {
        long active = store.list().stream().filter(ApiKey::active).count();
        return active > 0
                ? Result.builder().healthy().withMessage(store.describe()).withDetail("active_keys", active).build()
                : Result.unhealthy("no active API keys in %s: create one with the keys command", store.describe());
    }
}
