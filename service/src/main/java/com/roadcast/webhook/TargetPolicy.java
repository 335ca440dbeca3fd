package com.roadcast.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where deliveries may go (the SSRF rules): https to a host whose every address is public, unless the host
 * is listed in {@code webhooks.allowHosts}. Checked when a webhook is registered and again before every
 * attempt, so a name that later resolves to an inner address (DNS rebinding) is refused then.
 */
final class TargetPolicy {
    /** Resolves a host name to all its addresses, as {@link InetAddress#getAllByName} does. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> allowHosts;
    private final Resolver resolver;

    TargetPolicy(Set<String> allowHosts, Resolver resolver) {
        this.allowHosts = allowHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
        this.resolver = resolver;
    }

    /** What is wrong with sending to {@code url} now, or empty when it may be sent to. */
    Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String host = uri.getHost();
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (host == null || !uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not carry credentials");
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (allowHosts.contains(bare.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must use https (host " + bare + " is not in webhooks.allowHosts)");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            return Optional.of("host " + bare + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = inner(address);
            if (kind.isPresent()) {
                return Optional.of("host " + bare + " resolves to " + address.getHostAddress() + ", a " + kind.get()
                        + " address; only public addresses are allowed");
            }
        }
        return Optional.empty();
    }

    /** The kind of non-public address {@code address} is, or empty for a public one. */
    static Optional<String> inner(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress() || (b.length == 4 && b[0] == 0)) {
            return Optional.of("unspecified");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isSiteLocalAddress() || (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64)) {
            return Optional.of("private");
        }
        if (address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc) {
            return Optional.of("unique-local");
        }
        if (address.isMulticastAddress() || (b.length == 4 && (b[0] & 0xff) >= 240)) {
            return Optional.of("multicast or reserved");
        }
        return Optional.empty();
    }
}
