package com.roadcast.auth;

import java.util.List;
import java.util.Optional;

/** Where keys live. Implementations store hashes only and see changes made by others within a second. */
public interface ApiKeyStore {

    /** A new key; the token (with its secret) exists only in the returned value. */
    record Created(ApiKey key, String token) {}

    default Created create(String name, String tier, Role role) {
        return create(name, tier, role, KeyOptions.NONE);
    }

    /**
     * A new key with these options (the addresses it may be used from, whether its requests are signed).
     *
     * @throws IllegalArgumentException naming an address block that is not one
     */
    Created create(String name, String tier, Role role, KeyOptions options);

    Optional<ApiKey> find(String id);

    List<ApiKey> list();

    /** Revokes the key; false when there is no such active key. */
    boolean revoke(String id);

    /** A new secret for the key; the old one keeps working for {@code grace}. Empty: no such active key. */
    Optional<Created> rotate(String id, java.time.Duration grace);

    /** Re-reads the store now rather than at the next periodic check. */
    void reload();

    /** Where the keys are, for people (never containing a secret). */
    String describe();

    /**
     * Why keys could not be created, rotated or revoked right now (a read-only or full disk), if so;
     * existing keys keep working either way.
     */
    default Optional<String> writeProblem() {
        return Optional.empty();
    }
}
