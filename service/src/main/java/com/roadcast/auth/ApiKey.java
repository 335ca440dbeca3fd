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
 * used from; without it the key works from anywhere.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKey(String id, String name, String tier, Role role, String secretSha256, Instant createdAt,
        @Nullable Instant revokedAt, @Nullable String previousSecretSha256, @Nullable Instant previousValidUntil,
        @Nullable List<String> allowCidrs) {

    static ApiKey create(String id, String name, String tier, Role role, String secretSha256, Instant now) {
        return create(id, name, tier, role, secretSha256, now, List.of());
    }

    /** A new key usable from {@code allowCidrs} only (empty: from anywhere); each block is checked here. */
    static ApiKey create(String id, String name, String tier, Role role, String secretSha256, Instant now,
            List<String> allowCidrs) {
        List<String> cidrs = AddressBlocks.of(allowCidrs, "allowed address").cidrs();
        return new ApiKey(id, name, tier, role, secretSha256, now, null, null, null, cidrs.isEmpty() ? null : cidrs);
    }

    /** The addresses the key may be used from; empty: anywhere. */
    public AddressBlocks allowedFrom() {
        return allowCidrs == null ? AddressBlocks.NONE : AddressBlocks.of(allowCidrs, "allowed address");
    }

    public boolean active() {
        return revokedAt == null;
    }

    ApiKey revoked(Instant at) {
        return new ApiKey(id, name, tier, role, secretSha256, createdAt, at, null, null, allowCidrs);
    }

    ApiKey rotated(String newSecretSha256, Instant graceUntil) {
        return new ApiKey(id, name, tier, role, newSecretSha256, createdAt, revokedAt, secretSha256, graceUntil, allowCidrs);
    }

    /** Whether {@code offeredSha256} opens this key at {@code now}; both hashes are always compared. */
    boolean opens(String offeredSha256, Instant now) {
        boolean current = KeyTokens.sameDigest(offeredSha256, secretSha256);
        boolean previous = previousSecretSha256 != null && KeyTokens.sameDigest(offeredSha256, previousSecretSha256);
        return active() && (current || previous && now.isBefore(previousValidUntil));
    }
}
