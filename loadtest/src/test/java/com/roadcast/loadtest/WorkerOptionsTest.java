package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {
    @Test
    void argumentsWinOverEnvironmentAndDefaultsFillTheRest() {
        WorkerOptions options = WorkerOptions.parse(new String[] {"--keys", "free:k1,premium:k2", "--master-port", "6000"},
                Map.of("ROADCAST_KEYS", "internal:k3", "ROADCAST_THINK_MS", "40"));
        assertEquals(List.of(new WorkerOptions.TierKey("free", "k1"), new WorkerOptions.TierKey("premium", "k2")), options.keys());
        assertEquals(6000, options.masterPort());
        assertEquals(40, options.thinkTime().toMillis());
        assertEquals("http://127.0.0.1:8080", options.target().toString());
    }

    @Test
    void keysAreRequiredAndNeverPrinted() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(new String[0], Map.of()));
        assertEquals("free:<key>", new WorkerOptions.TierKey("free", "secret").toString());
    }

    @Test
    void onlyLoopbackTargetsAreAccepted() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                new String[] {"--keys", "free:k", "--target", "http://192.0.2.1:8080"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(
                new String[] {"--keys", "free:k", "--master-host", "192.0.2.1"}, Map.of()));
        assertEquals("localhost", WorkerOptions.parse(
                new String[] {"--keys", "free:k", "--target", "http://localhost:9000"}, Map.of()).target().getHost());
    }

    @Test
    void unknownArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> WorkerOptions.parse(new String[] {"--users", "5"}, Map.of()));
    }
}
