package com.roadcast.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An Alertmanager webhook receiver on 127.0.0.1, as an operator would run one: it answers 200 to every
 * POST and keeps each alert of each notification (Alertmanager's JSON, version 4).
 */
final class AlertReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Delivery> deliveries = new ArrayList<>();

    /** One alert as a notification carried it: the receiver it was routed to, its own status, labels, annotations. */
    record Delivery(String receiver, String status, JsonNode labels, JsonNode annotations) {
        String label(String name) {
            return labels.path(name).asText();
        }
    }

    private AlertReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            JsonNode notification;
            try (InputStream in = exchange.getRequestBody()) {
                notification = DashboardFiles.JSON.readTree(in);
            }
            synchronized (deliveries) {
                notification.path("alerts").forEach(alert -> deliveries.add(new Delivery(notification.path("receiver").asText(),
                        alert.path("status").asText(), alert.path("labels"), alert.path("annotations"))));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    static AlertReceiver start() throws IOException {
        return new AlertReceiver();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** The deliveries of alert {@code alertname} with status {@code status} ("firing" or "resolved"), oldest first. */
    List<Delivery> deliveries(String alertname, String status) {
        synchronized (deliveries) {
            return deliveries.stream().filter(d -> d.label("alertname").equals(alertname) && d.status().equals(status)).toList();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
