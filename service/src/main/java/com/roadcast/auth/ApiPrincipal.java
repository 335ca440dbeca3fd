package com.roadcast.auth;

import com.roadcast.ratelimit.Caller;
import java.security.Principal;

/** The caller behind a valid key. {@link #getName()} is the key id: safe to log, never the secret. */
public record ApiPrincipal(String keyId, String keyName, String tier, Role role) implements Principal, Caller {

    @Override
    public String getName() {
        return keyId;
    }
}
