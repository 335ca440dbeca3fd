package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPacerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Map<String, Double> SHARES = Map.of("predict", 0.75, "nodes", 0.25);

    @Test
    void beforeAnyBudgetIsKnownTheFloorIsTheThinkTime() {
        assertEquals(Duration.ofMillis(40), new KeyPacer(true, SHARES).thinkTime(20, Duration.ofMillis(40)));
    }

    @Test
    void usersSharingAKeySpendTheirShareOfEachBudgetAtTheTargetUtilisation() {
        KeyPacer pacer = new KeyPacer(true, SHARES);
        pacer.learn("predict", 200, limits(60, 59, 30, null), 0);
        // 20 users x 75% of their requests must fit 80% of 60 per 60 s: 20 * 0.75 * 60 / 48 = 18.75 s each
        assertEquals(18_750, pacer.thinkTime(20, Duration.ZERO).toMillis());
        assertEquals(Duration.ofNanos(937_500_000), pacer.thinkTime(1, Duration.ZERO));
        pacer.learn("nodes", 200, limits(5, 4, 30, null), 0);
        // the nodes budget binds now: 20 * 0.25 * 60 / 4 = 75 s
        assertEquals(75_000, pacer.thinkTime(20, Duration.ZERO).toMillis());
        assertEquals(Duration.ofMinutes(5), pacer.thinkTime(20, Duration.ofMinutes(5)));
    }

    @Test
    void aSpentBudgetClosesItsClassUntilTheReset() {
        KeyPacer pacer = new KeyPacer(true, SHARES);
        pacer.learn("predict", 200, limits(60, 0, 12, null), 5 * SECOND);
        assertEquals(Duration.ofSeconds(12), pacer.waitFor("predict", 5 * SECOND));
        assertEquals(Duration.ofSeconds(2), pacer.waitFor("predict", 15 * SECOND));
        assertEquals(Duration.ZERO, pacer.waitFor("predict", 17 * SECOND));
        assertEquals(Duration.ZERO, pacer.waitFor("nodes", 5 * SECOND));
    }

    @Test
    void aRefusalWaitsAsRetryAfterSaysEvenUnpaced() {
        KeyPacer pacer = new KeyPacer(false, SHARES);
        pacer.learn("predict", 200, limits(20, 0, 40, null), 0);
        assertEquals(Duration.ZERO, pacer.waitFor("predict", 0), "an unpaced client ignores remaining=0");
        assertEquals(Duration.ZERO, pacer.thinkTime(50, Duration.ZERO));
        pacer.learn("predict", 429, limits(20, 0, 40, 41L), 0);
        assertEquals(Duration.ofSeconds(41), pacer.waitFor("predict", 0));
    }

    @Test
    void aRefusalWithoutHeadersWaitsASecond() {
        KeyPacer pacer = new KeyPacer(true, SHARES);
        pacer.learn("nodes", 429, HttpHeaders.of(Map.of(), (name, value) -> true), 0);
        assertEquals(KeyPacer.DEFAULT_RETRY, pacer.waitFor("nodes", 0));
    }

    static HttpHeaders limits(long limit, long remaining, long reset, Long retryAfter) {
        Map<String, List<String>> headers = new HashMap<>(Map.of(
                "RateLimit", List.of("limit=" + limit + ", remaining=" + remaining + ", reset=" + reset),
                "RateLimit-Policy", List.of(limit + ";w=60")));
        if (retryAfter != null) {
            headers.put("Retry-After", List.of(retryAfter.toString()));
        }
        return HttpHeaders.of(headers, (name, value) -> true);
    }
}
