package com.roadcast.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void aClosedBudgetStartsNothing() {
        AtomicInteger spent = new AtomicInteger();
        RequestBudget budget = new RequestBudget(100, spent::incrementAndGet);
        budget.close();
        assertThrows(InterruptedException.class, budget::spendOne);
        assertEquals(0, spent.get());
    }
}
