package com.roadcast.reliability;

import com.roadcast.testing.ApiClient.Reply;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Bounded client load while a fault is injected: a few threads send requests (at most {@code perThread}
 * each, and only until {@link #stop()}), and every response is counted by status, with the slowest one
 * timed. A request without an answer counts as a failure, not a retry.
 */
public final class Load implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService pool;
    private final Map<Integer, AtomicLong> statuses = Collections.synchronizedMap(new TreeMap<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong maxNanos = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();

    /** What the load saw: requests by status, failures (5xx, wrong status or no answer), slowest answer. */
    public record Summary(long requests, Map<Integer, Long> statuses, List<String> failures, long maxLatencyMillis) {
        public long count(int status) {
            return statuses.getOrDefault(status, 0L);
        }
    }

    /**
     * Starts {@code threads} clients; {@code request} sends the n-th request of a thread; {@code expected}
     * is the one status that counts as success.
     */
    public Load(int threads, int perThread, int expected, IntFunction<Reply> request) {
        pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int n = 0; running.get() && n < perThread; n++) {
                    long start = System.nanoTime();
                    int status;
                    String body;
                    try {
                        Reply reply = request.apply(n);
                        status = reply.status();
                        body = reply.raw().body();
                    } catch (UncheckedIOException e) {
                        status = 0;
                        body = "no answer: " + e.getCause();
                    }
                    maxNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                    sent.incrementAndGet();
                    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                    if (status != expected) {
                        failures.add(status + " " + (body.length() > 200 ? body.substring(0, 200) : body));
                    }
                }
            });
        }
    }

    /** Stops the clients (each finishes the request in flight) and sums up. */
    public Summary stop() throws InterruptedException {
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            throw new AssertionError("load clients did not finish within 60 s");
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return new Summary(sent.get(), counts, List.copyOf(failures), TimeUnit.NANOSECONDS.toMillis(maxNanos.get()));
    }

    @Override
    public void close() {
        running.set(false);
        pool.shutdownNow();
    }
}
