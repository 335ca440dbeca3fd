package com.roadcast.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.audit.Audit;
import com.roadcast.redis.RedisEvents;
import com.roadcast.redis.RedisLink;
import com.roadcast.ratelimit.RateLimitFactory;
import com.roadcast.ratelimit.RateLimiter;
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

    /** Keys in Redis when there is one (shared by instances, changes announced on its events channel), else in the file. */
    public ApiKeyStore store(RedisLink redis, Clock clock) {
        return redis.guard().<ApiKeyStore>map(guard -> new RedisKeyStore(guard, redis.keyPrefix(),
                        redis.events().orElseGet(() -> new RedisEvents(guard, redis.keyPrefix())), clock))
                .orElseGet(() -> new FileKeyStore(Path.of(keyStore), clock));
    }

    /**
     * Puts the demo key in an empty store on a first start (only after start-up checks passed), and
     * registers the key filter with its per-address failure budget (counters managed here), role checks,
     * the {@code key-store} health check and the {@code keys-reload} task. Returns what checks keys and
     * request signatures, for the servlet path below Jersey too.
     */
    public KeyChecks build(Environment environment, ApiKeyStore store, RateLimitFactory limits, RedisLink redis,
            Clock clock, PrintStream console) {
        if (createDemoKey && store.list().isEmpty()) {
            DemoKey.create(store, console);
        }
        ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(store, verdictCacheTtl.toJavaDuration(), clock);
        redis.events().ifPresent(bus -> bus.on(RedisKeyStore.CHANGED_EVENT, id -> authenticator.forget()));
        RateLimiter failureCounters = limits.failureCounters(redis, clock);
        environment.lifecycle().manage(failureCounters);
        FailedAuthGuard failures = new FailedAuthGuard(failureCounters, limits.failedAuthPerIp(), limits.window());
        FailureAudit failureAudit = new FailureAudit(limits.window());
        environment.lifecycle().manage(failureAudit);
        RequestSigning signing = RequestSigning.of(redis, clock);
        environment.jersey().register(new ApiKeyFilter(authenticator, failures, failureAudit, limits.clientIps(), signing));
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
        return new KeyChecks(authenticator, signing);
    }
}
