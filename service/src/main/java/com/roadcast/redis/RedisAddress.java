package com.roadcast.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;

/**
 * {@code redis.url}, read: one server ({@code redis://} or, over TLS, {@code rediss://}
 * {@code [user[:password]@]host[:port][/db]}) or a Sentinel set ({@code redis-sentinel://} or
 * {@code rediss-sentinel://} {@code [user[:password]@]host:port,host:port/master[/db]}). The password may be
 * percent-encoded. Nothing here, errors included, ever repeats the password: start-up errors reach the
 * journal without the log redactor.
 */
public record RedisAddress(List<HostAndPort> hosts, @Nullable String master, int db, @Nullable String user,
        @Nullable String password, boolean tls) {
    static final String SHAPES = "redis[s]://[user:password@]host:port/db or "
            + "redis[s]-sentinel://[user:password@]host:port,host:port/master[/db]";

    public RedisAddress {
        hosts = List.copyOf(hosts);
    }

    public static RedisAddress parse(String url) {
        String text = url.trim();
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd);
        boolean sentinel = scheme.endsWith("-sentinel");
        String base = sentinel ? scheme.substring(0, scheme.length() - "-sentinel".length()) : scheme;
        if (!base.equals("redis") && !base.equals("rediss")) {
            throw invalid("an unknown scheme '" + (scheme.length() <= 20 ? scheme : "...") + "'");
        }
        String rest = text.substring(schemeEnd + 3);
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (colon < 0) { // redis://password@host: the password alone, as Redis's requirepass takes it
                password = user;
                user = null;
            }
            user = user == null || user.isEmpty() ? null : user;
            rest = rest.substring(at + 1);
        }
        String[] parts = rest.split("/", -1);
        List<HostAndPort> hosts = new ArrayList<>();
        for (String hostPort : parts[0].split(",")) {
            hosts.add(hostAndPort(hostPort.trim(), sentinel));
        }
        if (sentinel) {
            if (parts.length < 2 || parts[1].isBlank()) {
                throw invalid("no master name after the Sentinel addresses");
            }
            return new RedisAddress(hosts, parts[1], db(parts, 2), user, password, base.equals("rediss"));
        }
        if (hosts.size() != 1) {
            throw invalid("several hosts without -sentinel in the scheme");
        }
        return new RedisAddress(hosts, null, db(parts, 1), user, password, base.equals("rediss"));
    }

    public boolean sentinel() {
        return master != null;
    }

    private static HostAndPort hostAndPort(String text, boolean sentinel) {
        int colon = text.lastIndexOf(':');
        boolean hasPort = colon > text.lastIndexOf(']');
        String host = hasPort ? text.substring(0, colon) : text;
        host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (host.isEmpty() || (sentinel && !hasPort)) {
            throw invalid("a host without " + (host.isEmpty() ? "a name" : "a port"));
        }
        return new HostAndPort(host, hasPort ? number(text.substring(colon + 1), "port") : 6379);
    }

    private static int db(String[] parts, int index) {
        return parts.length > index && !parts[index].isEmpty() ? number(parts[index], "database number") : 0;
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw invalid("a " + what + " that is not a number");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("a bad %-escape in the user or password");
        }
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("redis.url must look like " + SHAPES + "; it has " + what);
    }

    /** The URL with the password masked. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(tls ? "rediss" : "redis").append(sentinel() ? "-sentinel://" : "://");
        if (user != null || password != null) {
            out.append(user == null ? "" : user).append(password == null ? "" : ":[REDACTED]").append('@');
        }
        out.append(String.join(",", hosts.stream().map(HostAndPort::toString).toList()));
        return out.append(sentinel() ? "/" + master : "").append('/').append(db).toString();
    }
}
