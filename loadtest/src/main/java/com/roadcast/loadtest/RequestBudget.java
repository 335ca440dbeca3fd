package com.roadcast.loadtest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The most requests one worker process may send. It is a safety bound independent of the master: when it is spent
 * the process exits (locust4j's shutdown hook tells the master it quit). Once the process is exiting it is closed,
 * so no request starts that the worker could no longer report.
 */
final class RequestBudget {
    private final AtomicLong remaining;
    private final Runnable onSpent;
    private volatile boolean closed;

    RequestBudget(long requests, Runnable onSpent) {
        this.remaining = new AtomicLong(requests);
        this.onSpent = onSpent;
    }

    void close() {
        closed = true;
    }

    /** Takes one request from the budget, or throws when closed, or runs the spent action and throws when none is left. */
    void spendOne() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("worker exiting");
        }
        if (remaining.getAndDecrement() <= 0) {
            onSpent.run();
            throw new InterruptedException("request budget spent");
        }
    }
}
