package com.roadcast.auth;

import com.roadcast.ratelimit.Caller;
import com.roadcast.web.AddressBlocks;
import java.security.Principal;

/**
 * The caller behind a valid key. {@link #getName()} is the key id: safe to log, never the secret.
 * {@code allowedFrom} lists the only addresses the key may be used from; empty: anywhere.
 * {@code signatureRequired}: every request with the key must be signed ({@link RequestSigning}).
 */
public record ApiPrincipal(String keyId, String keyName, String tier, Role role, AddressBlocks allowedFrom,
        boolean signatureRequired) implements Principal, Caller {
    /** What a request from an address outside a key's list is told, on either request path. */
    public static final String OUTSIDE_ALLOWED_ADDRESSES = "this API key may not be used from your address";

    public ApiPrincipal(String keyId, String keyName, String tier, Role role) {
        this(keyId, keyName, tier, role, AddressBlocks.NONE, false);
    }

    /** Whether the key may be used from {@code clientIp}. */
    public boolean usableFrom(String clientIp) {
        return allowedFrom.isEmpty() || allowedFrom.contains(clientIp);
    }

    @Override
    public String getName() {
        return keyId;
    }
}
