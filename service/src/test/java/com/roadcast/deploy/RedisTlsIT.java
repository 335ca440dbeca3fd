package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.auth.Role;
import com.roadcast.redis.RedisFactory;
import com.roadcast.redis.RedisGuard;
import com.roadcast.redis.RedisUnavailableException;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TestKeys;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://}: the service reaches Debian's redis-server over TLS (its own port, production's ACL
 * user), trusting only the certificates named in {@code redis.trustedCertificates}, and only when the
 * certificate names the host in the URL.
 */
@Timeout(120)
class RedisTlsIT {

    @Test
    void theServiceWorksOverTlsAndRefusesAnUntrustedOrMisnamedServer(@TempDir Path dir) throws Exception {
        Tls tls = Tls.generate(dir);
        int tlsPort = RedisServer.freePort();
        try (RedisServer redis = RedisServer.start(List.of("--bind", "127.0.0.1 127.0.0.2", "--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", tls.dir().resolve("roadcast.crt").toString(), "--tls-key-file", tls.dir().resolve("roadcast.key").toString(),
                "--tls-ca-cert-file", tls.caCertificate().toString(), "--tls-auth-clients", "no"))) {
            String over = "rediss://" + RedisServer.SERVICE_USER + ":" + redis.password() + "@%s:" + tlsPort + "/0";
            String trusted = tls.caCertificate().toString();
            assertThat(ping(String.format(over, "127.0.0.1"), trusted)).isEqualTo("PONG");
            assertThatThrownBy(() -> ping(String.format(over, "127.0.0.1"), null)).as("the JVM's CAs do not vouch for it")
                    .isInstanceOf(RedisUnavailableException.class);
            assertThatThrownBy(() -> ping(String.format(over, "127.0.0.2"), trusted)).as("its certificate names another host")
                    .isInstanceOf(RedisUnavailableException.class);

            String key;
            try (TestKeys.RedisStore store = TestKeys.redis(redis.url())) {
                key = store.store().create("tls", "internal", Role.ADMIN).token();
            }
            try (TestApp app = TestApp.start("redis.url", String.format(over, "127.0.0.1"), "redis.trustedCertificates", trusted)) {
                ApiClient client = app.client(key);
                assertThat(client.post("/v1/observations", LosLoop.batch(1400, 12)).status()).as("a key kept in Redis").isEqualTo(202);
                assertThat(client.post("/v1/predict", Map.of()).status()).isEqualTo(200);
                assertThat(app.adminClient().get("/healthcheck").json().get("redis").get("healthy").asBoolean()).isTrue();
            }
            try (redis.clients.jedis.Jedis operator = redis.operator(2000)) {
                assertThat(operator.exists("roadcast:history")).as("the window went to Redis over TLS").isTrue();
            }
        }
    }

    private static String ping(String url, String trustedCertificates) throws Exception {
        String json = "{\"url\":\"" + url + "\",\"retryAfter\":\"10ms\",\"timeout\":\"2s\""
                + (trustedCertificates == null ? "" : ",\"trustedCertificates\":\"" + trustedCertificates + "\"") + "}";
        RedisGuard guard = Jackson.newObjectMapper().readValue(json, RedisFactory.class).connect(Clock.systemUTC());
        try {
            return guard.call(c -> c.ping());
        } finally {
            guard.close();
        }
    }
}
