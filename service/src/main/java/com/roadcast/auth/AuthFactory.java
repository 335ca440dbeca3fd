package com.roadcast.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.audit.Audit;
import com.roadcast.web.ClientIps;
import com.roadcast.auth.FailedAuthGuard;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisGuard;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.servlets.tasks.Task;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/** {@code auth:} settings: where keys are kept, the tiers keys may have, and the first-start demo key. */
public final class AuthFactory {
    /** The file key store (hashes only), relative to the working directory. */
    @NotEmpty
    @JsonProperty
    private String keyStore = "var/roadcast-keys.json";

    /** On a first start with no keys, create one demo key (admin, internal) and print it once. */
    @JsonProperty
    private boolean createDemoKey = true;

    public boolean isCreateDemoKey() {
        return createDemoKey;
    }

    /** How long a key's verdict is remembered in process; a revoke takes effect within about this long. */
    @NotNull
    @MaxDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration verdictCacheTtl = Duration.milliseconds(500);

    /** Keys in Redis when given a connection (shared by instances), else in the file. */
    public ApiKeyStore store(Optional<RedisGuard> redis, String keyPrefix, Clock clock) {
        return redis.<ApiKeyStore>map(guard -> new RedisKeyStore(guard, keyPrefix, new RedisEvents(guard, keyPrefix), clock))
                .orElseGet(() -> new FileKeyStore(Path.of(keyStore), clock));
    }

    /** The key store and what checks keys against it (Jersey's filter, and {@code FastPredict} below Jersey). */
    public record Keys(ApiKeyStore store, ApiKeyAuthenticator authenticator) {}

    /**
     * Puts the demo key in an empty store on a first start (only after start-up checks passed), and
     * registers the key filter (with its per-address lockout), role checks, the key-store health check
     * and the {@code keys-reload} task.
     */
    public Keys build(Environment environment, ApiKeyStore store, Clock clock, PrintStream console,
            FailedAuthGuard failures, ClientIps clientIps, Optional<RedisEvents> events) {
        if (createDemoKey && store.list().isEmpty()) {
            DemoKey.create(store, console);
        }
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, verdictCacheTtl.toJavaDuration(), clock);
        events.ifPresent(bus -> bus.on(RedisKeyStore.CHANGED_EVENT, id -> authenticator.forget()));
        environment.jersey().register(new ApiKeyFilter(authenticator, failures, clientIps));
        environment.jersey().register(RolesAllowedDynamicFeature.class);
        environment.healthChecks().register("key-store", new KeyStoreHealthCheck(store));
        environment.admin().addTask(new Task("keys-reload", "application/json") {
            @Override
            public void execute(Map<String, List<String>> parameters, PrintWriter output) {
                store.reload();
                authenticator.forget();
                Audit.record("keys-reload", "ok");
                long active = store.list().stream().filter(ApiKey::active).count();
                output.println("{\"status\":\"reloaded\",\"active_keys\":" + active + "}");
            }
        });
        return new Keys(store, authenticator);
    }
}
