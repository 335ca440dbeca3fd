package com.roadcast.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** What every key store does the same way: make, revoke and rotate keys; subclasses only find and save. */
abstract class KeyStoreBase implements ApiKeyStore {
    protected final Clock clock;

    KeyStoreBase(Clock clock) {
        this.clock = clock;
    }

    /** Stores the key, replacing any with its id. */
    protected abstract void save(ApiKey key);

    @Override
    public synchronized Created create(String name, String tier, Role role, KeyOptions options) {
        String id;
        do {
            id = KeyTokens.newId();
        } while (find(id).isPresent());
        String secret = KeyTokens.newSecret();
        ApiKey key = ApiKey.create(id, name, tier, role, KeyTokens.sha256(secret), clock.instant(), options);
        save(key);
        return new Created(key, KeyTokens.token(id, secret));
    }

    @Override
    public synchronized boolean revoke(String id) {
        Optional<ApiKey> key = find(id).filter(ApiKey::active);
        key.ifPresent(k -> save(k.revoked(clock.instant())));
        return key.isPresent();
    }

    @Override
    public synchronized Optional<Created> rotate(String id, Duration grace) {
        Optional<ApiKey> key = find(id).filter(ApiKey::active);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String secret = KeyTokens.newSecret();
        ApiKey rotated = key.get().rotated(KeyTokens.sha256(secret), clock.instant().plus(grace));
        save(rotated);
        return Optional.of(new Created(rotated, KeyTokens.token(id, secret)));
    }
}
