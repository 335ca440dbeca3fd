package com.roadcast.auth;

import java.util.List;

/**
 * What a new key may be asked for besides its name, tier and role: the only address blocks it may be used
 * from ({@code allowCidrs}, IPv4 and IPv6 CIDR blocks; empty: anywhere) and whether its requests must be
 * signed.
 */
public record KeyOptions(List<String> allowCidrs, boolean requireSignature) {
    public static final KeyOptions NONE = new KeyOptions(List.of(), false);

    public KeyOptions {
        allowCidrs = List.copyOf(allowCidrs);
    }
}
