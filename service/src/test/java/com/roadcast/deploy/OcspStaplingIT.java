package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling through the shipped site, for a certificate that names its responder by host name
 * as public CAs do. Nginx looks that name up once at start (the system's resolver) and, with a
 * {@code resolver}, again at every fetch, so it follows a responder whose addresses change (they sit
 * behind CDNs); without one it keeps the start-up address and warns "no resolver defined" at every
 * fetch. The responder is a real {@code openssl ocsp} for the test CA; the name server is a minimal
 * one in this test, standing in for the host's nameservers that deploy/install.sh writes into the site.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OcspStaplingIT {
    /** Where the name server says the responder is ({@code openssl ocsp} listens on every address). */
    private static final String RESPONDER = "127.0.0.2";
    private static final String SHIPPED_RESOLVER = "resolver                127.0.0.53 ";

    @Test
    void theHandshakeCarriesAVerifiedStapledAnswer(@TempDir Path dir) throws Exception {
        int ocspPort = RedisServer.freePort();
        Tls tls = Tls.generate(dir.resolve("tls"), "http://localhost:" + ocspPort + "/");
        try (NameServer dns = NameServer.start(); Responder responder = Responder.start(tls, ocspPort);
                Nginx nginx = Nginx.configure(dir.resolve("nginx"), tls,
                        List.of(RedisServer.freePort(), RedisServer.freePort()), false,
                        Map.of(SHIPPED_RESOLVER, "resolver                127.0.0.1:" + dns.port() + " ")).start()) {
            // Nginx fetches the answer on the first handshake that asks for one and staples from then on.
            Path errors = dir.resolve("nginx/logs/error.log");
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(handshake(tls, nginx))
                    .as("Nginx's error log: %s", read(errors))
                    .contains("OCSP Response Status: successful", "Cert Status: good"));
            assertThat(read(errors)).doesNotContain("no resolver defined");
            assertThat(dns.asked()).as("names the resolver was asked for").contains("localhost");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String handshake(Tls tls, Nginx nginx) {
        try {
            return Commands.outcome(tls.dir(), List.of("openssl", "s_client", "-connect", "127.0.0.1:" + nginx.httpsPort(),
                    "-servername", "localhost", "-status", "-CAfile", tls.caCertificate().toString()), "").output();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code openssl ocsp} answering for the test CA, the leaf listed as valid in its index. */
    private record Responder(Process process) implements AutoCloseable {
        static Responder start(Tls tls, int port) throws Exception {
            String serial = Commands.run(tls.dir(), List.of("openssl", "x509", "-in", tls.leafCertificate().toString(),
                    "-noout", "-serial")).trim().replace("serial=", "");
            Path index = Files.writeString(tls.dir().resolve("index.txt"),
                    "V\t301231235959Z\t\t" + serial + "\tunknown\t/CN=127.0.0.1\n");
            Process process = new ProcessBuilder("openssl", "ocsp", "-index", index.toString(), "-port", Integer.toString(port),
                    "-rsigner", "ca.crt", "-rkey", "ca.key", "-CA", "ca.crt", "-nrequest", "50")
                    .directory(tls.dir().toFile()).redirectErrorStream(true)
                    .redirectOutput(tls.dir().resolve("ocsp.log").toFile()).start();
            // Nginx tries again only 5 minutes after a failed fetch: the responder must be up first. It
            // serves one connection at a time, so it is not probed; it says when it listens.
            Eventually.within(Duration.ofSeconds(20), () -> assertThat(read(tls.dir().resolve("ocsp.log")))
                    .contains("waiting for OCSP client connections"));
            return new Responder(process);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A UDP name server on 127.0.0.1: A questions get {@link #RESPONDER}, any other type an empty answer. */
    private static final class NameServer implements AutoCloseable {
        private final DatagramSocket socket;
        private final java.util.Set<String> asked = java.util.concurrent.ConcurrentHashMap.newKeySet();

        private NameServer(DatagramSocket socket) {
            this.socket = socket;
        }

        static NameServer start() throws SocketException {
            NameServer server = new NameServer(new DatagramSocket(0, InetAddress.getLoopbackAddress()));
            Thread thread = new Thread(server::serve, "test-dns");
            thread.setDaemon(true);
            thread.start();
            return server;
        }

        int port() {
            return socket.getLocalPort();
        }

        java.util.Set<String> asked() {
            return asked;
        }

        private void serve() {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                    socket.receive(query);
                    byte[] answer = answer(ByteBuffer.wrap(query.getData(), 0, query.getLength()));
                    socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        }

        private byte[] answer(ByteBuffer query) throws java.net.UnknownHostException {
            int questionEnd = 12;
            StringBuilder name = new StringBuilder();
            while (query.get(questionEnd) != 0) {
                int length = query.get(questionEnd) & 0xff;
                name.append(name.length() == 0 ? "" : ".").append(new String(query.array(),
                        query.arrayOffset() + questionEnd + 1, length, java.nio.charset.StandardCharsets.US_ASCII));
                questionEnd += length + 1;
            }
            asked.add(name.toString());
            questionEnd += 5; // the root label, QTYPE, QCLASS
            boolean a = query.getShort(questionEnd - 4) == 1;
            ByteBuffer out = ByteBuffer.allocate(questionEnd + 16);
            out.putShort(query.getShort(0)).putShort((short) 0x8180).putShort((short) 1).putShort((short) (a ? 1 : 0))
                    .putShort((short) 0).putShort((short) 0);
            out.put(query.array(), query.arrayOffset() + 12, questionEnd - 12);
            if (a) {
                out.putShort((short) 0xC00C).putShort((short) 1).putShort((short) 1).putInt(60).putShort((short) 4)
                        .put(InetAddress.getByName(RESPONDER).getAddress());
            }
            return java.util.Arrays.copyOf(out.array(), out.position());
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
