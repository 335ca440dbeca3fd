package com.roadcast.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Bounded client load through Nginx: a few threads each sending a mix of real requests (forecasts for
 * all nodes and for one node, node pages, one node, the model, readiness) until stopped or until
 * their request budget is spent. Every answer is counted; anything but the expected 2xx, and every
 * transport error, is a failure the user would have seen. A POST whose instance died or stalled
 * after it was sent gets Nginx's 502 or 504 "...; retry" (Nginx never sends a POST twice): the client
 * sends it again, as told, and that is counted apart.
 */
final class Load implements AutoCloseable {
    /** A client's pause between two requests: steady load, not a flood of the 2 shared cores. */
    private static final long THINK_MILLIS = 10;
    private final HttpClient http;
    private final URI base;
    private final String key;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger ingested = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final Map<String, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService pool;

    Load(HttpClient http, URI base, String key, int threads, int budgetPerThread) {
        this.http = http;
        this.base = base;
        this.key = key;
        this.pool = Executors.newFixedThreadPool(threads + 1);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            pool.submit(() -> {
                for (int n = 0; running.get() && n < budgetPerThread; n++) {
                    send(mix(n + offset), 200);
                    sleep(THINK_MILLIS); // kept: a client's think time, the load's pace
                }
            });
        }
    }

    /** The request mix, weighted like real use: forecasts most, then nodes, model and readiness. */
    private HttpRequest mix(int n) {
        return switch (n % 8) {
            case 0, 1, 2 -> post("/v1/predict", "{\"horizons\":[" + (1 + n % 12) + ",12]}");
            case 3 -> post("/v1/nodes/773869/predict", "{\"horizons\":[3,6]}");
            case 4 -> get("/v1/nodes?offset=" + (n % 180) + "&limit=20");
            case 5 -> get("/v1/nodes/767541");
            case 6 -> get("/v1/model");
            default -> get("/health/ready");
        };
    }

    HttpRequest get(String path) {
        return builder(path).GET().build();
    }

    HttpRequest post(String path, String json) {
        return builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).header("X-API-Key", key);
    }

    /** Sends one request (again, at most twice, when Nginx says to retry) and counts its answer; true when it has the expected status. */
    boolean send(HttpRequest request, int expected) {
        sent.incrementAndGet();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int again = 0; again < 2 && toldToRetry(response); again++) {
                retried.incrementAndGet();
                sleep(200); // kept: a client's pause before it sends again, as a real one would
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            }
            byStatus.computeIfAbsent(Integer.toString(response.statusCode()), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() != expected) {
                failures.add(request.method() + " " + request.uri().getPath() + " -> " + response.statusCode() + " "
                        + response.body());
                return false;
            }
            return true;
        } catch (IOException e) {
            byStatus.computeIfAbsent("transport error", s -> new AtomicInteger()).incrementAndGet();
            failures.add(request.method() + " " + request.uri().getPath() + " -> " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Nginx's own 502/504 for a POST it does not send twice: the instance it reached died or stalled
     * (5 s) before answering; the message ends "; retry".
     */
    private static boolean toldToRetry(HttpResponse<String> response) {
        return (response.statusCode() == 502 || response.statusCode() == 504) && response.body().contains("; retry\"");
    }

    /**
     * Also ingests one new step after another ({@code rows.apply(i)} is the i-th body), as a sensor
     * gateway does: 202 is success; a 503 "not acknowledged" (Redis did not confirm in time) or Nginx's
     * 502 "retry" is sent again, as its message says, and "already recorded" then means the first try was stored. Anything
     * else is a failure.
     */
    void ingest(IntFunction<String> rows, int steps, long pauseMillis) {
        pool.submit(() -> {
            for (int i = 0; running.get() && i < steps; i++) {
                ingestOne(rows.apply(i));
                sleep(pauseMillis); // kept: the feed's pace
            }
        });
    }

    private void ingestOne(String body) {
        for (int attempt = 0; attempt < 20; attempt++) {
            sent.incrementAndGet();
            try {
                HttpResponse<String> response = http.send(post("/v1/observations", body), HttpResponse.BodyHandlers.ofString());
                String status = Integer.toString(response.statusCode());
                byStatus.computeIfAbsent("ingest " + status, s -> new AtomicInteger()).incrementAndGet();
                boolean storedEarlier = attempt > 0 && response.statusCode() == 422 && response.body().contains("already recorded");
                if (response.statusCode() == 202 || storedEarlier) {
                    ingested.incrementAndGet();
                    return;
                }
                boolean sendAgain = toldToRetry(response)
                        || response.statusCode() == 503 && response.body().contains("not acknowledged");
                if (!sendAgain) {
                    failures.add("POST /v1/observations -> " + status + " " + response.body());
                    return;
                }
            } catch (IOException e) {
                failures.add("POST /v1/observations -> " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleep(200); // kept: a feed's pause between retries, as a real one would
        }
        failures.add("POST /v1/observations: not acknowledged after 20 tries");
    }

    /** Steps stored (202, or "already recorded" on a retry). */
    int ingested() {
        return ingested.get();
    }

    int sent() {
        return sent.get();
    }

    /** Requests sent again because Nginx answered 502 or 504 "...; retry". */
    int retried() {
        return retried.get();
    }

    Map<String, AtomicInteger> byStatus() {
        return byStatus;
    }

    List<String> failures() {
        synchronized (failures) {
            return List.copyOf(failures);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the load and waits (bounded) for the requests in flight. */
    @Override
    public void close() throws InterruptedException {
        if (pool.isShutdown()) {
            return;
        }
        running.set(false);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("the load did not stop within 60 s");
        }
    }
}
