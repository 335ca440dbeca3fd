package com.roadcast.testing;

import com.roadcast.RoadcastApplication;
import com.roadcast.RoadcastConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real application on free ports with the shipped config.yml and model, a temporary key store and,
 * optionally, a real Redis. Several may run in one JVM: each reads its overrides under its own prefix.
 */
public final class TestApp implements AutoCloseable {
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private final Path keyStore;
    private final Map<String, String> settings;
    /** The embedded webhook store, kept across {@link #startAgain()}, apart from the key store (whose disk tests may break). */
    private final Path webhooksDir;
    private Path config = Repo.file("config.yml");
    private DropwizardTestSupport<RoadcastConfiguration> support;

    private TestApp(Path keyStore, Map<String, String> settings) {
        this.keyStore = keyStore;
        this.settings = settings;
        try {
            this.webhooksDir = Files.createTempDirectory("roadcast-webhooks");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An embedded-default instance (no Redis) with the given extra settings ("key", "value", ...). */
    public static TestApp start(String... settings) {
        return withConfig(Repo.file("config.yml"), settings);
    }

    /** An instance read from another configuration file, with extra settings ("key", "value", ...). */
    public static TestApp withConfig(Path config, String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        try {
            Path store = Files.createTempDirectory("roadcast-keys").resolve("keys.json");
            return start(store, map, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An embedded-default instance on this key store file (e.g. one on a disk a test breaks). */
    public static TestApp withKeyStore(Path keyStore, String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return start(keyStore, map);
    }

    /** An instance sharing {@code redis} (and the key store file, as two instances on one VM would). */
    public static TestApp withRedis(RedisServer redis, Path keyStore, String... settings) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("redis.url", redis.url());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            map.put(settings[i], settings[i + 1]);
        }
        return start(keyStore, map);
    }

    private static TestApp start(Path keyStore, Map<String, String> settings) {
        return start(keyStore, settings, Repo.file("config.yml"));
    }

    private static TestApp start(Path keyStore, Map<String, String> settings, Path config) {
        TestApp app = new TestApp(keyStore, settings);
        app.config = config;
        app.startAgain();
        return app;
    }

    /** Starts (again, after {@link #stop()}) with the same settings. */
    public void startAgain() {
        String prefix = "app" + INSTANCES.incrementAndGet();
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.config(prefix, "server.applicationConnectors[0].port", "0"));
        overrides.add(ConfigOverride.config(prefix, "server.adminConnectors[0].port", "0"));
        overrides.add(ConfigOverride.config(prefix, "auth.keyStore", keyStore.toString()));
        Map<String, String> all = new LinkedHashMap<>(Map.of("auth.createDemoKey", "false", "logging.level", "WARN",
                "audit.file", auditLog().toString(), "history.dir", historyDir().toString(),
                "webhooks.dir", webhooksDir.toString(), "model.bundle", Repo.file("models").toString()));
        // one override per key: Dropwizard keeps them in a set, so of two for one key either may win
        all.putAll(settings);
        all.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        support = new DropwizardTestSupport<>(RoadcastApplication.class, config.toString(), prefix,
                overrides.toArray(ConfigOverride[]::new));
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("the application did not start", e);
        }
    }

    public void stop() {
        support.after();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + support.getLocalPort() + "/");
    }

    public URI admin() {
        return URI.create("http://127.0.0.1:" + support.getAdminPort() + "/");
    }

    public Path keyStore() {
        return keyStore;
    }

    /** This instance's audit trail (beside its key store). */
    public Path auditLog() {
        return keyStore.resolveSibling("audit-" + keyStore.getFileName() + ".log");
    }

    /** This instance's embedded history (beside its key store, kept across {@link #startAgain()}). */
    public Path historyDir() {
        return keyStore.resolveSibling("history-" + keyStore.getFileName());
    }

    public ApiClient client(String key) {
        return new ApiClient(base(), key);
    }

    public ApiClient adminClient() {
        return new ApiClient(admin(), null);
    }

    public com.codahale.metrics.MetricRegistry metrics() {
        return support.getEnvironment().metrics();
    }

    /** The running application's environment: what it registered with Jersey, Jetty and Dropwizard. */
    public io.dropwizard.core.setup.Environment environment() {
        return support.getEnvironment();
    }

    /** A new API key with this role and tier, made through the key store as the keys command does. */
    public String createKey(String role, String tier) {
        return TestKeys.create(keyStore, settings.get("redis.url"), role, tier);
    }

    @Override
    public void close() {
        stop();
    }
}
