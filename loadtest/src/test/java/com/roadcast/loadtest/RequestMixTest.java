package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestMixTest {
    private final List<String> nodes = new ArrayList<>();
    private final RequestMix mix;

    RequestMixTest() {
        for (int i = 0; i < 207; i++) {
            nodes.add(String.valueOf(700000 + i));
        }
        mix = new RequestMix(URI.create("http://127.0.0.1:8080"),
                new KeyRing(List.of(new WorkerOptions.TierKey("free", "k-free"), new WorkerOptions.TierKey("premium", "k-premium")), 1),
                new Choices(nodes));
    }

    @Test
    void callsAreNamedByRouteAndCarryTheUsersKey() {
        Random random = new Random(1);
        ApiCall node = mix.predictNode(random);
        assertEquals("/v1/nodes/{id}/predict", node.name());
        assertTrue(node.request().uri().getPath().matches("/v1/nodes/7\\d{5}/predict"), node.request().uri().toString());
        assertEquals("k-free", node.request().headers().firstValue("X-API-Key").orElseThrow());
        assertTrue(mix.health(random).request().headers().firstValue("X-API-Key").isEmpty());
    }

    @Test
    void eachThreadKeepsOneKeyAndThreadsShareTheTiers() throws InterruptedException {
        String here = mix.predictAll(new Random(2)).request().headers().firstValue("X-API-Key").orElseThrow();
        assertEquals(here, mix.predictAll(new Random(3)).request().headers().firstValue("X-API-Key").orElseThrow());
        AtomicReference<String> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(mix.predictAll(new Random(4)).request().headers().firstValue("X-API-Key").orElseThrow()));
        thread.start();
        thread.join();
        assertNotEquals(here, other.get());
    }

    @Test
    void singleNodeRequestsFavourAHotTenthOfTheSensors() {
        Choices choices = new Choices(nodes);
        Random random = new Random(5);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(choices.node(random), 1, Integer::sum);
        }
        int hottest = counts.values().stream().sorted((a, b) -> b - a).limit(20).mapToInt(Integer::intValue).sum();
        assertTrue(hottest > 7_500 && hottest < 9_000, "share of the 20 hottest sensors: " + hottest);
    }

    @Test
    void horizonsAreValidAndMostlyTheQuarterHourSet() {
        Choices choices = new Choices(nodes);
        Random random = new Random(6);
        int quarterHours = 0;
        for (int i = 0; i < 2_000; i++) {
            List<Integer> horizons = choices.horizons(random);
            assertTrue(!horizons.isEmpty() && horizons.stream().allMatch(h -> h >= 1 && h <= 12), horizons.toString());
            quarterHours += horizons.equals(List.of(3, 6, 9, 12)) ? 1 : 0;
        }
        assertTrue(quarterHours > 900 && quarterHours < 1_100, "quarter-hour sets: " + quarterHours);
    }
}
