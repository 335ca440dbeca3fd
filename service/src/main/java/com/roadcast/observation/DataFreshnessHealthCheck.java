package com.roadcast.observation;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Healthy while steps keep arriving. Measures wall-clock time since the last ingest, not the age of the
 * steps themselves, so a replay of historic data counts as fresh.
 */
public final class DataFreshnessHealthCheck extends HealthCheck {
    private final ObservationHistory window;
    private final Duration staleAfter;
    private final Clock clock;

    DataFreshnessHealthCheck(ObservationHistory window, Duration staleAfter, Clock clock) {
        this.window = window;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        WindowSnapshot snapshot = window.snapshot();
        Optional<Instant> last = snapshot.lastIngestAt();
        if (last.isEmpty()) {
            return Result.unhealthy("no observations received yet");
        }
        Duration age = Duration.between(last.get(), clock.instant());
        ResultBuilder result = Result.builder()
                .withDetail("steps_in_window", snapshot.steps().size())
                .withDetail("latest_step", snapshot.latestStep().map(Instant::toString).orElse(null))
                .withDetail("seconds_since_last_ingest", age.toSeconds());
        return age.compareTo(staleAfter) > 0
                ? result.unhealthy().withMessage("no observations for %ds (stale after %ds)",
                        age.toSeconds(), staleAfter.toSeconds()).build()
                : result.healthy().build();
    }
}
