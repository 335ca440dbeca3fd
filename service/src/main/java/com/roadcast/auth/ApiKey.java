package com.roadcast.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.roadcast.web.AddressBlocks;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A stored key: its public id, who it is for, and the SHA-256 of its secret. The secret itself is
 * never stored. After a rotation the previous secret's hash stays valid until {@code previousValidUntil}
 * (the grace period); a key is revoked by stamping {@code revokedAt}, so its history stays auditable.
 * {@code allowCidrs}, when present, lists the only addresses (IPv4 and IPv6 CIDR blocks) the key may be
 * used from; without it the key works from anywhere. {@code requireSignature}, when true, makes every request
 * with the key carry a fresh {@code Roadcast-Signature} ({@link RequestSigning}); absent (old stores) or
 * null: not required.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, String tier, Role role, String secretSha256, Instant createdAt,
        @Nullable Instant revokedAt, @Nullable String previousSecretSha256, @Nullable Instant previousValidUntil,
        @Nullable List<String> allowCidrs, @Nullable Boolean requireSignature) {

    static ApiKey create(String id, String name, String tier, Role role, String secretSha256, Instant now) {
        return create(id, name, tier, role, secretSha256, now, KeyOptions.NONE);
    }

    /** A new key with these options; each allowed address block is checked here. */
    static ApiKey create(String id, String name, String tier, Role role, String secretSha256, Instant now,
            KeyOptions options) {
        List<String> cidrs = AddressBlocks.of(options.allowCidrs(), "allowed address").cidrs();
        return new ApiKey(id, name, tier, role, secretSha256, now, null, null, null, cidrs.isEmpty() ? null : cidrs,
                options.requireSignature() ? Boolean.TRUE : null);
    }

    /** The addresses the key may be used from; empty: anywhere. */
    public AddressBlocks allowedFrom() {
        return allowCidrs == null ? AddressBlocks.NONE : AddressBlocks.of(allowCidrs, "allowed address");
    }

    /** Whether every request with this key must be signed. */
    public boolean signatureRequired() {
        return Boolean.TRUE.equals(requireSignature);
    }

    public boolean active() {
        return revokedAt == null;
    }

    ApiKey revoked(Instant at) {
        return new ApiKey(id, name, tier, role, secretSha256, createdAt, at, null, null, allowCidrs, requireSignature);
    }

    ApiKey rotated(String newSecretSha256, Instant graceUntil) {
        return new ApiKey(id, name, tier, role, newSecretSha256, createdAt, revokedAt, secretSha256, graceUntil, allowCidrs,
                requireSignature);
    }

    /** Whether {@code offeredSha256} opens this key at {@code now}; both hashes are always compared. */
    boolean opens(String offeredSha256, Instant now) {
        boolean current = KeyTokens.sameDigest(offeredSha256, secretSha256);
        boolean previous = previousSecretSha256 != null && KeyTokens.sameDigest(offeredSha256, previousSecretSha256);
        return active() && (current || previous && now.isBefore(previousValidUntil));
    }
}
