package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {
    @Test
    void theIetfPairIsRead() {
        assertEquals(Optional.of(new RateLimitHeaders(60, 7, Duration.ofSeconds(42), Duration.ofSeconds(60))),
                RateLimitHeaders.of(headers(Map.of("RateLimit", "limit=60, remaining=7, reset=42", "RateLimit-Policy", "60;w=60"))));
    }

    @Test
    void anUnlimitedOrGarbledAnswerAnnouncesNoBudget() {
        assertEquals(Optional.empty(), RateLimitHeaders.of(headers(Map.of())));
        assertEquals(Optional.empty(), RateLimitHeaders.of(headers(Map.of("RateLimit", "limit=60, remaining=7, reset=42"))));
        assertEquals(Optional.empty(), RateLimitHeaders.of(headers(Map.of("RateLimit", "limit=x, remaining=7, reset=42", "RateLimit-Policy", "60;w=60"))));
    }

    @Test
    void retryAfterIsSecondsOrNothing() {
        assertEquals(Optional.of(Duration.ofSeconds(17)), RateLimitHeaders.retryAfter(headers(Map.of("Retry-After", "17"))));
        assertEquals(Optional.empty(), RateLimitHeaders.retryAfter(headers(Map.of("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"))));
    }

    private static HttpHeaders headers(Map<String, String> values) {
        Map<String, List<String>> lists = new HashMap<>();
        values.forEach((name, value) -> lists.put(name, List.of(value)));
        return HttpHeaders.of(lists, (name, value) -> true);
    }
}
