package com.roadcast.deploy;

import com.roadcast.auth.Role;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.PerClass;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestKeys;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The deployment in miniature, all on 127.0.0.1 free ports: one real redis-server, two instances of
 * the shaded jar on config-prod.yml, a real Nginx in front with a certificate made for the test, an
 * internal-tier admin key in the shared key store, and a full hour of Los-loop data ingested.
 */
final class Stack implements AutoCloseable {
    final Path dir;
    final RedisServer redis;
    final Instance first;
    final Instance second;
    final Tls tls;
    final Nginx nginx;
    final HttpClient http;
    final String key;

    private Stack(Path dir, RedisServer redis, Instance first, Instance second, Tls tls, Nginx nginx, HttpClient http,
            String key) {
        this.dir = dir;
        this.redis = redis;
        this.first = first;
        this.second = second;
        this.tls = tls;
        this.nginx = nginx;
        this.http = http;
        this.key = key;
    }

    /** Starts everything; {@code liftEdgeRate} raises Nginx's per-address rate so load tests measure failover. */
    private static Stack start(boolean liftEdgeRate) throws Exception {
        Path dir = Files.createTempDirectory("roadcast-deploy");
        RedisServer redis = RedisServer.start();
        String key;
        try (TestKeys.RedisStore store = TestKeys.redis(redis.url())) {
            key = store.store().create("deploy-test", "internal", Role.ADMIN).token();
        }
        Instance first = Instance.start("roadcast-1", dir, redis.url());
        Instance second = Instance.start("roadcast-2", dir, redis.url());
        Tls tls = Tls.generate(dir.resolve("tls"));
        Nginx nginx = Nginx.configure(dir.resolve("nginx"), tls, List.of(first.port(), second.port()), liftEdgeRate)
                .start();
        HttpClient http = HttpClient.newBuilder().sslContext(tls.clientContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Stack stack = new Stack(dir, redis, first, second, tls, nginx, http, key);
        HttpResponse<String> seeded = http.send(HttpRequest.newBuilder(stack.https("/v1/observations"))
                .header("X-API-Key", key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(LosLoop.batch(1400, 12)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (seeded.statusCode() != 202) {
            throw new IllegalStateException("seeding the window failed: " + seeded.statusCode() + " " + seeded.body());
        }
        return stack;
    }

    /**
     * One stack for a whole test class, started before its {@code @BeforeAll} methods and closed after its
     * {@code @AfterAll} ones: {@code @RegisterExtension static final PerClass<Stack> STACK = Stack.perClass(true);}
     */
    static PerClass<Stack> perClass(boolean liftEdgeRate) {
        return new PerClass<>("the stack", () -> start(liftEdgeRate));
    }

    static String json(Object body) {
        try {
            return Jackson.newObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    URI https(String path) {
        return URI.create("https://127.0.0.1:" + nginx.httpsPort() + path);
    }

    URI http(String path) {
        return URI.create("http://127.0.0.1:" + nginx.httpPort() + path);
    }

    Load load(int threads, int budgetPerThread) {
        return new Load(http, https("/"), key, threads, budgetPerThread);
    }

    @Override
    public void close() throws Exception {
        nginx.close();
        first.close();
        second.close();
        redis.close();
    }
}
