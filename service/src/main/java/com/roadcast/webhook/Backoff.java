package com.roadcast.webhook;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The wait before retry {@code n} (1 after the first failed attempt): {@code first x 2^(n-1)}, at most
 * {@code cap}, stretched by up to a quarter at random so receivers that failed together are not retried
 * together. Jitter only lengthens, so the schedule never ends sooner than its nominal sum.
 */
record Backoff(Duration first, Duration cap, DoubleSupplier random) {
    static final double JITTER = 0.25;

    Duration before(int retry) {
        long nominal = first.toMillis() << Math.min(retry - 1, 30);
        long capped = nominal <= 0 ? cap.toMillis() : Math.min(nominal, cap.toMillis());
        return Duration.ofMillis(Math.round(capped * (1 + JITTER * random.getAsDouble())));
    }
}
