package com.roadcast.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to POST a delivery: the target is checked again first (its name may resolve elsewhere now),
 * the body is signed with the current time, redirects are not followed, and only a 2xx answer counts.
 */
final class HookSender {
    private final TargetPolicy targets;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;

    HookSender(TargetPolicy targets, Duration timeout, Clock clock) {
        this.targets = targets;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Why the attempt failed, or empty when the receiver answered 2xx. */
    Optional<String> send(Subscription webhook, Delivery delivery) throws InterruptedException {
        Optional<String> refused = targets.problem(webhook.url());
        if (refused.isPresent()) {
            return Optional.of("target refused: url " + refused.get());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Roadcast-Webhooks/1")
                .header("Roadcast-Event-Id", delivery.eventId())
                .header(Signature.HEADER, Signature.header(webhook.secret(), clock.instant().getEpochSecond(), delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? Optional.empty() : Optional.of("HTTP " + status);
        } catch (HttpTimeoutException e) {
            return Optional.of("timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Optional.of("not sent: " + e.getClass().getSimpleName());
        }
    }
}
