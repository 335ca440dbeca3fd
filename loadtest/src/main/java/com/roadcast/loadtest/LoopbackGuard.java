package com.roadcast.loadtest;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/** Load goes to this machine only: every address a worker talks to must resolve to loopback. */
final class LoopbackGuard {
    private LoopbackGuard() {
    }

    static void require(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            throw new IllegalArgumentException("no host in " + uri);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException(host + " is not a loopback address; load tests stay on 127.0.0.1");
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve " + host, e);
        }
    }
}
