package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerTest {
    @Test
    void responseTimesAreRoundedLikeLocustRoundsThem() {
        assertEquals(87, Ledger.rounded(87));
        assertEquals(150, Ledger.rounded(147));
        assertEquals(1300, Ledger.rounded(1_251));
        assertEquals(12_000, Ledger.rounded(12_345));
    }

    @Test
    void outcomesAreCountedPerRouteAndTier() {
        Ledger ledger = new Ledger();
        ledger.setup();
        ledger.answered("/v1/predict", 12);
        ledger.answered("/v1/predict", 12);
        ledger.refused("/v1/predict", "standard", "predict");
        ledger.failed("/v1/nodes", "HttpTimeoutException", false);
        Map<String, Object> counts = ledger.toMap(1);
        assertEquals(2L, counts.get("answered"));
        assertEquals(1L, counts.get("refused"));
        assertEquals(1L, counts.get("failed"));
        assertEquals(1L, counts.get("io_errors"));
        assertEquals(1L, counts.get("in_flight_at_exit"));
        assertEquals(1L, counts.get("setup_requests"));
        assertEquals(Map.of("answered", 2L, "refused", 1L, "failed", 0L, "answered_ms", Map.of("12", 2L)),
                ((Map<?, ?>) counts.get("routes")).get("/v1/predict"));
    }
}
