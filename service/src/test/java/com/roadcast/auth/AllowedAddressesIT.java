package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import io.dropwizard.jackson.Jackson;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys made by the keys command with and without {@code --allow-cidr}, used directly from 127.0.0.1 and
 * through a trusted proxy (127.0.0.1) forwarding IPv4 and IPv6 clients: inside its list (or with no list)
 * a key is served on both request paths, outside it gets 403 in the error shape and an audit line.
 */
@Timeout(180)
class AllowedAddressesIT {
    private static final String PREDICT = "{\"horizons\":[1]}";

    @TempDir
    Path temp;

    private static String createKey(Path config, String... allow) {
        List<String> args = new java.util.ArrayList<>(List.of("keys", "create", "--name", "limited", "--tier", "internal",
                "--role", "admin"));
        for (String cidr : allow) {
            args.addAll(List.of("--allow-cidr", cidr));
        }
        args.add(config.toString());
        List<String> lines = KeysCommandIT.cli(args.toArray(String[]::new)).strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static Reply nodes(ApiClient client, @Nullable String forwardedFor) {
        HttpRequest.Builder request = client.builder("/v1/nodes");
        return client.send((forwardedFor == null ? request : request.header("X-Forwarded-For", forwardedFor)).GET());
    }

    private static Reply predict(ApiClient client, @Nullable String forwardedFor) {
        HttpRequest.Builder request = client.builder("/v1/predict").header("Content-Type", "application/json");
        return client.send((forwardedFor == null ? request : request.header("X-Forwarded-For", forwardedFor))
                .POST(HttpRequest.BodyPublishers.ofString(PREDICT)));
    }

    /** Both endpoints, three times each: the first admits through Jersey, the rest below it (a remembered key). */
    private static void expect(ApiClient client, @Nullable String forwardedFor, int status) {
        for (int i = 0; i < 3; i++) {
            Reply listed = nodes(client, forwardedFor);
            Reply forecast = predict(client, forwardedFor);
            assertThat(listed.status()).as("GET /v1/nodes from %s, try %d", forwardedFor, i).isEqualTo(status);
            assertThat(forecast.status()).as("POST /v1/predict from %s, try %d", forwardedFor, i).isEqualTo(status);
            if (status == 403) {
                for (Reply refused : List.of(listed, forecast)) {
                    assertThat(refused.json().get("code").asInt()).isEqualTo(403);
                    assertThat(refused.json().get("message").asText()).isEqualTo("this API key may not be used from your address");
                    assertThat(refused.json().get("request_id").asText()).isEqualTo(refused.header("X-Request-Id"));
                }
            }
        }
    }

    @Test
    void aKeyIsServedOnlyFromItsAllowedAddressesOnBothPaths() throws Exception {
        try (TestApp app = TestApp.start("rateLimits.trustedProxies", "127.0.0.1")) {
            Path config = temp.resolve("config.yml");
            // the command runs in this JVM and points the audit logger at its file: the app's own
            Files.writeString(config, "auth:\n  keyStore: " + app.keyStore() + "\naudit:\n  file: " + app.auditLog() + "\n");
            String anywhere = createKey(config);
            String local = createKey(config, "127.0.0.0/8", "::1/128");
            String remote = createKey(config, "203.0.113.0/24", "2001:db8:7::/48");
            ApiClient open = app.client(anywhere);
            assertThat(open.post("/v1/observations", LosLoop.batch(1400, 12)).status()).isEqualTo(202);

            expect(open, null, 200);
            expect(open, "198.51.100.1", 200);
            expect(app.client(local), null, 200);
            expect(app.client(local), "203.0.113.9", 403);
            expect(app.client(remote), "203.0.113.9", 200);
            expect(app.client(remote), "2001:db8:7:1::5", 200);
            expect(app.client(remote), null, 403);
            expect(app.client(remote), "198.51.100.1", 403);
            expect(app.client(remote), "2001:db8:8::5", 403);

            List<JsonNode> audit = Files.readString(app.auditLog()).lines().map(AllowedAddressesIT::json)
                    .filter(line -> "address-refused".equals(line.path("outcome").asText())).toList();
            assertThat(audit).extracting(line -> line.get("ip").asText() + " " + line.get("key_id").asText())
                    .contains("203.0.113.9 " + KeyTokens.idOf(local).orElseThrow(),
                            "127.0.0.1 " + KeyTokens.idOf(remote).orElseThrow(),
                            "198.51.100.1 " + KeyTokens.idOf(remote).orElseThrow());

            String listed = KeysCommandIT.cli("keys", "list", config.toString());
            assertThat(listed).contains(KeyTokens.idOf(remote).orElseThrow())
                    .contains("from 203.0.113.0/24,2001:db8:7::/48", "from 127.0.0.0/8,::1/128");
        }
    }

    @Test
    void aBlockThatIsNotOneIsRefusedAndNothingIsStored() throws Exception {
        Path store = temp.resolve("keys.json");
        Path config = temp.resolve("config.yml");
        Files.writeString(config, "auth:\n  keyStore: " + store + "\naudit:\n  file: " + temp.resolve("audit.log") + "\n");
        for (String bad : List.of("203.0.113.0/33", "example.com", "2001:db8::/129", "10.0.0.0/x")) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> createKey(config, bad));
            assertThat(failure).as(bad).hasMessageContaining("'" + bad + "' is not an IP address or CIDR block");
        }
        assertThat(new FileKeyStore(store, java.time.Clock.systemUTC()).list()).isEmpty();
    }

    private static JsonNode json(String line) {
        try {
            return Jackson.newObjectMapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
