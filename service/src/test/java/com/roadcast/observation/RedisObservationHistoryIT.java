package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.roadcast.redis.RedisGuard;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.RedisServer;
import com.roadcast.redis.RedisEvents;
import java.time.Duration;
import java.util.Optional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** The window contract against a real redis-server, plus what only a shared store must do. */
@Timeout(60)
class RedisObservationHistoryIT extends ObservationHistoryContract {
    @RegisterExtension
    static final RedisServer.Extension redis = RedisServer.perClass();
    private RedisGuard guard;
    private String prefix;

    @AfterEach
    void closeClient() {
        if (guard != null) {
            guard.close();
        }
    }

    @Override
    ObservationHistory window(int capacity) {
        if (guard == null) {
            guard = connect();
            prefix = "roadcast:test:" + UUID.randomUUID() + ":";
        }
        return new RedisObservationHistory(guard, prefix, capacity, RETENTION, Clock.systemUTC(), java.util.Optional.empty(),
                java.time.Duration.ZERO);
    }

    private static long subscribers(String channel) {
        try (Jedis jedis = redis.server().operator(2000)) {
            return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
        }
    }

    private static RedisGuard connect() {
        return redis.server().connect(Duration.ofMillis(200), Duration.ofMillis(100));
    }

    @Test
    void twoInstancesShareOneWindow() {
        ObservationHistory first = window(3);
        ObservationHistory second = window(3);
        first.append(List.of(step(0, 5f)));
        assertThat(second.snapshot().steps()).extracting(Step::time).containsExactly(T0);
        assertThatThrownBy(() -> second.append(List.of(step(0, 6f)))).isInstanceOf(DuplicateStepException.class);
    }

    @Test
    void redisDownFailsAppendsButReadsServeTheLastWindowSeen() throws Exception {
        ObservationHistory window = window(3);
        window.append(List.of(step(0, 5f), step(1, 6f)));
        WindowSnapshot seen = window.snapshot();
        redis.server().kill();
        try {
            assertThatThrownBy(() -> window.append(List.of(step(2, 7f)))).isInstanceOf(WindowUnavailableException.class);
            assertThat(window.snapshot().steps()).hasSize(2);
            assertThat(window.snapshot().revision()).isEqualTo(seen.revision());
        } finally {
            redis.server().restart();
        }
        // the guard skips Redis for its retryAfter (100 ms) after the failure; then the append goes through
        Eventually.within(Duration.ofSeconds(3), () ->
                assertThatCode(() -> window.append(List.of(step(5, 1f)))).doesNotThrowAnyException());
        WindowSnapshot afterRestart = window.snapshot();
        assertThat(afterRestart.steps()).extracting(Step::time)
                .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(1500));
        assertThat(afterRestart.revision()).isGreaterThan(seen.revision());
    }

    @Test
    void withEventsReadsStayInProcessUntilAnyInstanceAppends() throws Exception {
        RedisEvents eventsA = new RedisEvents(connect(), "roadcast:ev:");
        RedisEvents eventsB = new RedisEvents(connect(), "roadcast:ev:");
        eventsA.start();
        eventsB.start();
        try {
            String shared = "roadcast:near:" + UUID.randomUUID() + ":";
            Duration forever = Duration.ofHours(1);
            ObservationHistory a = new RedisObservationHistory(connect(), shared, 3, RETENTION, Clock.systemUTC(), Optional.of(eventsA), forever);
            ObservationHistory b = new RedisObservationHistory(connect(), shared, 3, RETENTION, Clock.systemUTC(), Optional.of(eventsB), forever);
            assertThat(b.snapshot().steps()).isEmpty();
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(subscribers("roadcast:ev:events"))
                    .as("both instances listen before A appends").isEqualTo(2));
            a.append(List.of(step(0, 5f)));
            Eventually.within(Duration.ofSeconds(2), () -> assertThat(b.snapshot().steps()).hasSize(1));
            redis.server().kill();
            try {
                assertThat(b.snapshot().steps()).as("served from the process while Redis is gone").hasSize(1);
            } finally {
                redis.server().restart();
            }
        } finally {
            eventsA.stop();
            eventsB.stop();
        }
    }

    @Test
    void aRedisRestartedEmptyIsRefilledFromWhatTheInstancesSaw() throws Exception {
        ObservationHistory window = window(3);
        window.append(List.of(step(0, 5f), step(1, 6f)));
        window.snapshot();
        redis.server().restart();
        ObservationHistory other = window(3);
        Eventually.within(Duration.ofSeconds(3), () -> {
            assertThat(window.snapshot().steps()).extracting(Step::time).containsExactly(T0, T0.plusSeconds(300));
            assertThat(other.snapshot().steps()).extracting(Step::time).containsExactly(T0, T0.plusSeconds(300));
        });
    }

    @Test
    void aStepStoredAfterTheLastReadIsPutBackWhenRedisRestartsEmpty() throws Exception {
        ObservationHistory window = window(3);
        window.append(List.of(step(0, 5f)));
        window.snapshot();
        window.append(List.of(step(1, 6f)));
        redis.server().restart();
        Eventually.within(Duration.ofSeconds(3), () -> assertThat(window.snapshot().steps()).extracting(Step::time)
                .as("the step stored after the last read").containsExactly(T0, T0.plusSeconds(300)));
    }

    @Test
    void anInstanceThatOnlyAppendsPutsItsStepsBackWhenRedisRestartsEmpty() throws Exception {
        ObservationHistory feed = window(3);
        feed.append(List.of(step(0, 5f), step(1, 6f)));
        redis.server().restart();
        Eventually.within(Duration.ofSeconds(3), () -> {
            try {
                feed.append(List.of(step(2, 7f)));
            } catch (WindowUnavailableException away) {
                throw new AssertionError("the guard still reports Redis away", away);
            }
        });
        assertThat(window(3).snapshot().steps()).extracting(Step::time)
                .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(600));
    }
}
