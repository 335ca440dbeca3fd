package com.roadcast.cache;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work a fixed delay after it was handed over, on one background thread, without waking it for each:
 * while work keeps coming (within a second of the last), the thread wakes by itself when the oldest is due;
 * only the first after a quiet second wakes it. The forecast cache hands it what a miss need not wait for:
 * the shared level's stores and the in-process level's upkeep: a thread woken at once would take the
 * request thread's core on a small machine. Work that finds {@value #CAPACITY} waiting, or this stopped, is
 * run by the caller.
 */
final class DelayedWork {
    static final int CAPACITY = 16;
    private static final Logger LOG = LoggerFactory.getLogger(DelayedWork.class);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final long delayNanos;
    private final ConcurrentLinkedQueue<Due> waiting = new ConcurrentLinkedQueue<>();
    private final Semaphore room = new Semaphore(CAPACITY);
    private final Thread thread;
    private volatile boolean idle;
    private volatile boolean stopped;

    private record Due(long atNanos, Runnable work) {}

    DelayedWork(long delayNanos, String name) {
        this.delayNanos = delayNanos;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code work} about the delay from now, or now on this thread when full or stopped. */
    void submit(Runnable work) {
        if (stopped || !room.tryAcquire()) {
            work.run();
            return;
        }
        Due due = new Due(System.nanoTime() + delayNanos, work);
        waiting.add(due);
        if (stopped && waiting.remove(due)) {
            // stopped meanwhile: the thread may have finished before it saw this one
            room.release();
            work.run();
            return;
        }
        if (idle) {
            idle = false;
            LockSupport.unpark(thread);
        }
    }

    /** Runs what is waiting now, then ends the thread within {@code timeoutMillis}; later work runs on its callers. */
    void stop(long timeoutMillis) throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join(timeoutMillis);
    }

    private void run() {
        long lastWork = System.nanoTime();
        while (!stopped || !waiting.isEmpty()) {
            Due next = waiting.peek();
            long now = System.nanoTime();
            if (next != null && (stopped || next.atNanos() <= now)) {
                waiting.poll();
                room.release();
                runQuietly(next.work());
                lastWork = System.nanoTime();
            } else if (next != null) {
                LockSupport.parkNanos(next.atNanos() - now);
            } else if (now - lastWork < IDLE_NANOS) {
                LockSupport.parkNanos(delayNanos);
            } else {
                idle = true;
                if (waiting.isEmpty() && !stopped) {
                    LockSupport.park();
                }
                idle = false;
            }
        }
    }

    private static void runQuietly(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Delayed work failed; going on with the next", e);
        }
    }
}
