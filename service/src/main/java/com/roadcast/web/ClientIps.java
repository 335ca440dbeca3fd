package com.roadcast.web;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Who the client is: the TCP peer, unless the peer is a trusted proxy, in which case the right-most
 * address in {@code X-Forwarded-For} that is not itself a trusted proxy. Anyone else's header is ignored,
 * so a client cannot spoof its address to dodge per-IP limits.
 */
public final class ClientIps {
    private final AddressBlocks trusted;

    public ClientIps(List<String> trustedProxies) {
        this.trusted = AddressBlocks.of(trustedProxies, "trusted proxy");
    }

    public String resolve(String peer, @Nullable String forwardedFor) {
        if (forwardedFor == null || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return literal(hop) != null ? hop : peer;
            }
        }
        return peer;
    }

    /**
     * Who shares a per-address budget with {@code address}: an IPv4 address alone, an IPv6 address with
     * every address of its /64 (one host's or one site's share; a client rotates through a /64 freely), as
     * {@code 2001:db8:1:2::/64}. Anything that is not an IP literal is its own group.
     */
    public static String network(String address) {
        String bare = address == null ? "" : address.replace("[", "").replace("]", "");
        int zone = bare.indexOf('%');
        byte[] bytes = literal(zone < 0 ? bare : bare.substring(0, zone));
        if (bytes == null || bytes.length != 16) {
            return bare;
        }
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private boolean isTrusted(String address) {
        return trusted.contains(address);
    }

    private static byte @Nullable [] literal(@Nullable String text) {
        return AddressBlocks.literal(text);
    }
}
