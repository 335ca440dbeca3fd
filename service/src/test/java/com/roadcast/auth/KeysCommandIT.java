package com.roadcast.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.RoadcastApplication;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import com.roadcast.testing.TestApp;
import com.roadcast.testing.TestKeys;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The keys command as an operator runs it, and the demo key of a first start. */
@Timeout(120)
class KeysCommandIT {
    @TempDir
    Path temp;

    /** Runs the application's CLI with these arguments; returns stdout, or throws with stderr. */
    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            RoadcastApplication app = new RoadcastApplication();
            Bootstrap<com.roadcast.RoadcastConfiguration> bootstrap = new Bootstrap<>(app);
            app.initialize(bootstrap);
            Cli cli = new Cli(new JarLocation(KeysCommandIT.class), bootstrap,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            Optional<Throwable> failure = cli.run(args);
            assertThat(failure).as(err.toString(StandardCharsets.UTF_8)).isEmpty();
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createPrintsAWorkingKeyAsTheLastLineAndRevokeStopsIt() throws Exception {
        Path store = temp.resolve("keys.json");
        Path config = temp.resolve("config.yml");
        Files.writeString(config, "auth:\n  keyStore: " + store + "\naudit:\n  file: " + temp.resolve("audit.log") + "\n");
        String output = cli("keys", "create", "--name", "bot", "--tier", "free", "--role", "ingest", config.toString());
        List<String> lines = output.strip().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertThat(token).matches("[A-Za-z0-9_-]+");
        ApiKeyAuthenticator auth = new ApiKeyAuthenticator(new FileKeyStore(store, java.time.Clock.systemUTC()),
                java.time.Duration.ofMillis(1), java.time.Clock.systemUTC());
        assertThat(auth.authenticate(token)).map(ApiPrincipal::role).contains(Role.INGEST);

        String id = KeyTokens.idOf(token).orElseThrow();
        assertThat(cli("keys", "list", config.toString())).contains(id).contains("bot").doesNotContain(token);
        assertThat(cli("keys", "revoke", "--id", id, config.toString())).contains("Revoked " + id);
        Eventually.within(java.time.Duration.ofSeconds(1), () -> assertThat(auth.authenticate(token)).isEmpty());
    }

    @Test
    void requireSignatureIsKeptByTheFileAndRedisStoresAndShownByList() throws Exception {
        try (RedisServer redis = RedisServer.start(); TestKeys.RedisStore shared = TestKeys.redis(redis.url())) {
            Path store = temp.resolve("keys.json");
            Path fileConfig = temp.resolve("file.yml");
            Files.writeString(fileConfig, "auth:\n  keyStore: " + store + "\naudit:\n  file: " + temp.resolve("audit.log") + "\n");
            Path redisConfig = temp.resolve("redis.yml");
            Files.writeString(redisConfig, Files.readString(fileConfig) + "redis:\n  url: " + redis.url() + "\n");
            for (Path config : List.of(fileConfig, redisConfig)) {
                String signedOutput = cli("keys", "create", "--name", "signer", "--tier", "free", "--require-signature",
                        config.toString());
                assertThat(signedOutput).contains("signed requests only");
                String signedId = KeyTokens.idOf(signedOutput.strip().lines().reduce((a, b) -> b).orElseThrow()).orElseThrow();
                String plainOutput = cli("keys", "create", "--name", "plain", "--tier", "free", config.toString());
                String plainId = KeyTokens.idOf(plainOutput.strip().lines().reduce((a, b) -> b).orElseThrow()).orElseThrow();
                ApiKeyStore reader = config == fileConfig ? new FileKeyStore(store, java.time.Clock.systemUTC()) : shared.store();
                assertThat(reader.find(signedId).orElseThrow().signatureRequired()).as("%s", config).isTrue();
                assertThat(reader.find(plainId).orElseThrow().signatureRequired()).as("%s", config).isFalse();
                List<String> listed = cli("keys", "list", config.toString()).lines().toList();
                assertThat(listed).filteredOn(line -> line.startsWith(signedId)).singleElement().asString()
                        .contains("signed requests only");
                assertThat(listed).filteredOn(line -> line.startsWith(plainId)).singleElement().asString()
                        .doesNotContain("signed");
            }
        }
    }

    @Test
    void aFirstStartPrintsOneDemoKeyOnceAndItWorks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        TestApp app;
        try {
            app = TestApp.start("auth.createDemoKey", "true");
        } finally {
            System.setOut(stdout);
        }
        try {
            String printed = out.toString(StandardCharsets.UTF_8);
            List<String> tokens = printed.lines().map(String::strip).filter(l -> l.matches("rc_[a-z2-7]{10}_\\S{43}")).toList();
            assertThat(tokens).hasSize(1);
            assertThat(printed).contains(app.keyStore().toString());
            ApiClient demo = app.client(tokens.get(0));
            assertThat(demo.get("/v1/model").status()).isEqualTo(200);

            app.stop();
            out.reset();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                app.startAgain();
            } finally {
                System.setOut(stdout);
            }
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("demo API key");
        } finally {
            app.close();
        }
    }
}
