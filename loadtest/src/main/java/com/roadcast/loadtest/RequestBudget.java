package com.roadcast.loadtest;

import java.time.Duration;

/**
 * The most requests one worker process may send, and the requests it has in flight. The request bound is a safety
 * limit independent of the master: when it is spent the process exits. Once the process is exiting the budget is
 * closed, so no request starts after that, and the exit waits until every request already sent has its answer
 * (or error) counted: what the worker counted is then exactly what it sent.
 */
final class RequestBudget {
    private final Runnable onSpent;
    private long remaining;
    private long inFlight;
    private boolean closed;

    RequestBudget(long requests, Runnable onSpent) {
        this.remaining = requests;
        this.onSpent = onSpent;
    }

    /**
     * Takes one request from the budget and counts it in flight until {@link #done}; throws when closed, or runs
     * the spent action and throws when none is left.
     */
    synchronized void spendOne() throws InterruptedException {
        if (closed) {
            throw new InterruptedException("worker exiting");
        }
        if (remaining <= 0) {
            onSpent.run();
            throw new InterruptedException("request budget spent");
        }
        remaining--;
        inFlight++;
    }

    /** The request taken by {@link #spendOne} has been counted. */
    synchronized void done() {
        inFlight--;
        if (inFlight == 0) {
            notifyAll();
        }
    }

    /** Starts no more requests and waits at most {@code timeout} for those in flight; returns how many are left. */
    synchronized long closeAndDrain(Duration timeout) throws InterruptedException {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return inFlight;
    }
}
