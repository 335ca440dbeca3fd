package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestBudgetTest {
    @Test
    void theSpentActionRunsOnceTheBudgetIsUsedUp() throws InterruptedException {
        AtomicInteger spent = new AtomicInteger();
        RequestBudget budget = new RequestBudget(2, spent::incrementAndGet);
        budget.spendOne();
        budget.spendOne();
        assertEquals(0, spent.get());
        assertThrows(InterruptedException.class, budget::spendOne);
        assertEquals(1, spent.get());
    }

    @Test
    void aClosedBudgetStartsNothing() throws InterruptedException {
        AtomicInteger spent = new AtomicInteger();
        RequestBudget budget = new RequestBudget(100, spent::incrementAndGet);
        assertEquals(0, budget.closeAndDrain(Duration.ofSeconds(1)));
        assertThrows(InterruptedException.class, budget::spendOne);
        assertEquals(0, spent.get());
    }

    @Test
    void closingWaitsForTheRequestsInFlight() throws InterruptedException {
        RequestBudget budget = new RequestBudget(100, () -> { });
        budget.spendOne();
        budget.spendOne();
        Thread finishing = new Thread(() -> {
            sleep(200);
            budget.done();
            sleep(200);
            budget.done();
        });
        long start = System.nanoTime();
        finishing.start();
        assertEquals(0, budget.closeAndDrain(Duration.ofSeconds(10)));
        assertTrue(System.nanoTime() - start >= 400_000_000L, "returned before the last request ended");
        finishing.join();
    }

    @Test
    void closingGivesUpAfterItsTimeoutAndSaysHowManyAreLeft() throws InterruptedException {
        RequestBudget budget = new RequestBudget(100, () -> { });
        budget.spendOne();
        assertEquals(1, budget.closeAndDrain(Duration.ofMillis(50)));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
