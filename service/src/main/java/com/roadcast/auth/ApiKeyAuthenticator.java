package com.roadcast.auth;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks tokens against the store: lookup by the public id, constant-time comparison of the secret's
 * hash, and the same work for an unknown id (against a dummy key) so timing reveals nothing
 * ({@code KeyCheckTimingTest}). Verdicts are cached for a moment, so the hot path costs no hashing, yet a
 * revoke lands within a second. A verdict in use is checked again once half its time is gone, by the one
 * request that finds it so, so a busy key is never forgotten and its requests never fall back to Jersey
 * together (docs/decisions/0004).
 */
public final class ApiKeyAuthenticator {
    /** Checked instead of a key that does not exist, the same way, so an unknown id costs the same time. */
    private static final ApiKey DUMMY = ApiKey.create("none", "none", "none", Role.READ,
            KeyTokens.sha256("no-such-key-" + KeyTokens.newSecret()), java.time.Instant.EPOCH);
    private final ApiKeyStore store;
    private final Clock clock;
    private final LoadingCache<String, ApiPrincipal> verdicts;

    @SuppressWarnings("NullAway") // the loader's null is Caffeine's "no entry": an invalid key is not remembered
    public ApiKeyAuthenticator(ApiKeyStore store, Duration verdictTtl, Clock clock) {
        this.store = store;
        this.clock = clock;
        Caffeine<Object, Object> remembering = Caffeine.newBuilder().expireAfterWrite(verdictTtl).maximumSize(100_000);
        if (verdictTtl.toNanos() > 1) {
            remembering.refreshAfterWrite(verdictTtl.dividedBy(2)).executor(Runnable::run);
        }
        this.verdicts = remembering.build(offered -> check(offered).orElse(null));
    }

    /** The principal of a key validated a moment ago; checked again here when its verdict is half-way old. */
    public Optional<ApiPrincipal> remembered(String token) {
        return Optional.ofNullable(verdicts.getIfPresent(token));
    }

    /**
     * The key's principal; only valid keys are remembered, so a key created a moment ago works at once.
     * Requests arriving together with a token not yet remembered wait for one check of it, so a burst
     * of a thousand costs the store one lookup, not a thousand.
     */
    public Optional<ApiPrincipal> authenticate(String token) {
        return Optional.ofNullable(verdicts.get(token));
    }

    private Optional<ApiPrincipal> check(String token) {
        Optional<KeyTokens.Parsed> parsed = KeyTokens.parse(token);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Optional<ApiKey> key = store.find(parsed.get().id());
        String offered = KeyTokens.sha256(parsed.get().secret());
        ApiKey k = key.orElse(DUMMY);
        boolean opens = k.opens(offered, clock.instant());
        return opens && key.isPresent()
                ? Optional.of(new ApiPrincipal(k.id(), k.name(), k.tier(), k.role(), k.allowedFrom(),
                        k.signatureRequired()))
                : Optional.empty();
    }

    /** Forgets cached verdicts, after a reload or revoke in this process. */
    public void forget() {
        verdicts.invalidateAll();
    }
}
