package com.roadcast.webhook;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.roadcast.model.ModelRegistry;
import com.roadcast.redis.RedisLink;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@code webhooks:} settings. Builds the feature: its store (Redis with {@code redis.url}, else a file in
 * {@code dir}), the congestion watch and the dispatcher (both managed), and registers the resource.
 */
public final class WebhookFactory {
    /** Hosts deliveries may go to over http or to a non-public address (tests, an in-house receiver). */
    @NotNull
    @JsonProperty
    private List<@NotEmpty String> allowHosts = List.of();

    /** Attempts per event before it is given up as failed (and audited). */
    @Min(1)
    @Max(30)
    @JsonProperty
    private int maxAttempts = 8;

    /** Wait before the first retry; each next one doubles, up to {@code maxRetry}, plus up to 25% jitter. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration firstRetry = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration maxRetry = Duration.hours(1);

    /** Connect and answer timeout of one attempt. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration timeout = Duration.seconds(10);

    /** How long a claimed delivery is reserved to the instance sending it; longer than {@code timeout}. */
    @NotNull
    @JsonProperty
    private Duration lease = Duration.minutes(1);

    /** How often each instance looks for due deliveries. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration pollEvery = Duration.seconds(1);

    /** Deliveries sent at once by an instance (its sender threads). */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int threads = 4;

    /** Recent deliveries kept per webhook for {@code GET /v1/webhooks/{id}/deliveries}. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int keepDeliveries = 100;

    /** Without Redis: where webhooks, secrets and pending deliveries are kept (file mode 0600). */
    @NotEmpty
    @JsonProperty
    private String dir = "var/webhooks";

    @JsonIgnore
    @ValidationMethod(message = "webhooks.lease must be longer than webhooks.timeout, and maxRetry at least firstRetry")
    public boolean isConsistent() {
        return lease.toMilliseconds() > timeout.toMilliseconds() && maxRetry.toMilliseconds() >= firstRetry.toMilliseconds();
    }

    public Webhooks build(Environment environment, RedisLink redis, ModelRegistry models, Clock clock) {
        WebhookStore store = redis.guard()
                .<WebhookStore>map(guard -> new RedisWebhookStore(guard, redis.keyPrefix(), keepDeliveries))
                .orElseGet(() -> LocalWebhookStore.open(Path.of(dir), keepDeliveries));
        TargetPolicy targets = new TargetPolicy(Set.copyOf(allowHosts), InetAddress::getAllByName);
        CongestionWatch watch = new CongestionWatch(store, models, clock);
        Dispatcher dispatcher = new Dispatcher(store, new HookSender(targets, timeout.toJavaDuration(), clock),
                new Backoff(firstRetry.toJavaDuration(), maxRetry.toJavaDuration(), () -> ThreadLocalRandom.current().nextDouble()),
                new Dispatcher.Settings(maxAttempts, lease.toJavaDuration(), pollEvery.toJavaDuration(), threads), clock);
        environment.lifecycle().manage(watch);
        environment.lifecycle().manage(dispatcher);
        environment.jersey().register(new WebhookResource(store, new WebhookRules(targets, models, clock)));
        return new Webhooks(watch, dispatcher, store);
    }
}
