package com.roadcast.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on 127.0.0.1, as a customer would run one: it records every POST (headers and body)
 * and answers with the status its policy gives for the n-th request (1-based).
 */
final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator status;

    /** One request as it arrived, and what it was answered. */
    record Received(Map<String, List<String>> headers, String body, int answered) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        /** The signature check the operations guide shows receivers: HMAC-SHA256(secret, "<t>.<body>"). */
        boolean signedWith(String secret) throws Exception {
            String signature = header("Roadcast-Signature");
            String t = signature.replaceAll("^t=(\\d+),v1=.*$", "$1");
            String v1 = signature.replaceAll("^t=\\d+,v1=([0-9a-f]{64})$", "$1");
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
            return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), v1.getBytes(StandardCharsets.US_ASCII))
                    && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) < 300;
        }
    }

    private Receiver(IntUnaryOperator status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int answer = this.status.applyAsInt(count.incrementAndGet());
            synchronized (received) {
                received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body, answer));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver answering 204 to everything. */
    static Receiver accepting() throws IOException {
        return new Receiver(n -> 204);
    }

    /** A receiver answering the status {@code policy} gives for the n-th request. */
    static Receiver answering(IntUnaryOperator policy) throws IOException {
        return new Receiver(policy);
    }

    void answer(IntUnaryOperator policy) {
        this.status = policy;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
