package com.roadcast.web;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.core.server.SimpleServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The admin port dumps threads, changes log levels, clears caches and reloads models, so it answers on
 * loopback only: start-up refuses any admin connector that binds another address unless the operator
 * says {@code adminOnNetwork: true}. A connector whose address cannot be read counts as exposed.
 */
public final class AdminBinding {

    private AdminBinding() {}

    /** Throws, naming each exposed connector, unless every admin connector binds loopback or exposure is allowed. */
    public static void check(ServerFactory server, boolean adminOnNetwork) {
        List<String> exposed = exposed(server);
        if (!exposed.isEmpty() && !adminOnNetwork) {
            throw new IllegalStateException("Refusing to start: the admin port is open to the network ("
                    + String.join("; ", exposed) + "). Anyone who reaches it can dump threads, change log levels,"
                    + " clear caches and reload models. Bind it to 127.0.0.1 (bindHost), or set"
                    + " adminOnNetwork: true to accept the exposure.");
        }
    }

    /** Each admin connector that is reachable from another host, described for the operator. */
    public static List<String> exposed(ServerFactory server) {
        List<String> exposed = new ArrayList<>();
        if (server instanceof DefaultServerFactory standard) {
            List<ConnectorFactory> connectors = standard.getAdminConnectors();
            for (int i = 0; i < connectors.size(); i++) {
                describeIfExposed("server.adminConnectors[" + i + "]", connectors.get(i), exposed);
            }
        } else if (server instanceof SimpleServerFactory simple) {
            describeIfExposed("server.connector (shared with the admin context)", simple.getConnector(), exposed);
        } else {
            exposed.add("server of type " + server.getClass().getSimpleName() + ": its admin address cannot be checked");
        }
        return exposed;
    }

    private static void describeIfExposed(String where, ConnectorFactory connector, List<String> exposed) {
        if (!(connector instanceof HttpConnectorFactory http)) {
            exposed.add(where + ": a " + connector.getClass().getSimpleName() + " whose address cannot be checked");
            return;
        }
        String host = http.getBindHost();
        if (host == null || host.isBlank()) {
            exposed.add(where + " binds every interface (no bindHost)");
        } else if (!isLoopback(host)) {
            exposed.add(where + " binds " + host);
        }
    }

    private static boolean isLoopback(String host) {
        try {
            return Arrays.stream(InetAddress.getAllByName(host)).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
