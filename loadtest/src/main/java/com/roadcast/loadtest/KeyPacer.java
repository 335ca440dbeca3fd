package com.roadcast.loadtest;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the users holding one API key pace themselves, as a well-behaved client does: from the budgets the
 * service announces ({@code RateLimit}, {@code RateLimit-Policy}) each user takes a think time that keeps the
 * users sharing the key at {@link #UTILISATION} of each endpoint class's budget; when an answer says the budget
 * is spent ({@code remaining=0}) or refuses ({@code Retry-After}), every user of the key waits for that class
 * until the time given. An unpaced key (a client that ignores budgets) only does the latter, on refusals.
 *
 * <p>Times are passed in (nanoseconds of {@link System#nanoTime}) so the rules can be tested without waiting.
 */
final class KeyPacer {
    /** The share of a budget the users of a key aim for: room for the randomness of think times. */
    static final double UTILISATION = 0.8;
    /** A refusal without any delay given waits this long. */
    static final Duration DEFAULT_RETRY = Duration.ofSeconds(1);

    private final boolean paced;
    private final Map<String, Double> shares;
    private final Map<String, RateLimitHeaders> budgets = new ConcurrentHashMap<>();
    private final Map<String, Long> closedUntil = new ConcurrentHashMap<>();

    /** {@code shares}: the share of a user's requests that spends each endpoint class's budget. */
    KeyPacer(boolean paced, Map<String, Double> shares) {
        this.paced = paced;
        this.shares = Map.copyOf(shares);
    }

    /** Takes in what an answer for endpoint class {@code budget} said, received at {@code now}. */
    void learn(String budget, int status, HttpHeaders headers, long now) {
        Optional<RateLimitHeaders> announced = RateLimitHeaders.of(headers);
        announced.ifPresent(limits -> budgets.put(budget, limits));
        if (status == 429) {
            Duration delay = RateLimitHeaders.retryAfter(headers)
                    .orElse(announced.map(RateLimitHeaders::reset).orElse(DEFAULT_RETRY));
            closeUntil(budget, now + delay.toNanos());
        } else if (paced && announced.isPresent() && announced.get().remaining() == 0) {
            closeUntil(budget, now + announced.get().reset().toNanos());
        }
    }

    /** How long a user must wait before spending endpoint class {@code budget} at {@code now}; zero when open. */
    Duration waitFor(String budget, long now) {
        long until = closedUntil.getOrDefault(budget, now);
        return until > now ? Duration.ofNanos(until - now) : Duration.ZERO;
    }

    /**
     * The mean pause after each request of one user among {@code sharing} users of this key: at least
     * {@code floor}, and long enough that together they spend {@link #UTILISATION} of each budget announced.
     */
    Duration thinkTime(int sharing, Duration floor) {
        if (!paced) {
            return floor;
        }
        double seconds = floor.toNanos() / 1e9;
        for (Map.Entry<String, RateLimitHeaders> budget : budgets.entrySet()) {
            RateLimitHeaders limits = budget.getValue();
            double share = shares.getOrDefault(budget.getKey(), 0.0);
            seconds = Math.max(seconds, sharing * share * limits.window().toSeconds() / (limits.limit() * UTILISATION));
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private void closeUntil(String budget, long until) {
        closedUntil.merge(budget, until, Math::max);
    }
}
