package com.roadcast.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.roadcast.testing.ApiClient;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Polls the admin {@code /healthcheck} every 50 ms and remembers when one check was healthy or not. */
final class HealthWatch implements AutoCloseable {
    private final ApiClient admin;
    private final String check;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final List<long[]> samples = new ArrayList<>();

    HealthWatch(ApiClient admin, String check) {
        this.admin = admin;
        this.check = check;
        thread.submit(this::poll);
    }

    private void poll() {
        while (running.get()) {
            try {
                JsonNode health = admin.get("/healthcheck").json();
                boolean healthy = health != null && health.at("/" + check + "/healthy").asBoolean(false);
                synchronized (samples) {
                    samples.add(new long[] {System.nanoTime(), healthy ? 1 : 0});
                }
                TimeUnit.MILLISECONDS.sleep(50); // kept: the sampling period of the health record
            } catch (UncheckedIOException e) {
                // the admin port must answer; a missing sample shows as a gap, not as health
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Whether the check was seen unhealthy at some moment after {@code sinceNanos}. */
    boolean sawUnhealthySince(long sinceNanos) {
        synchronized (samples) {
            return samples.stream().anyMatch(s -> s[0] >= sinceNanos && s[1] == 0);
        }
    }

    /** Milliseconds from {@code sinceNanos} until the check was healthy again (and stayed so), or -1. */
    long healthyAgainMillis(long sinceNanos) {
        synchronized (samples) {
            long healthySince = -1;
            for (long[] sample : samples) {
                if (sample[0] < sinceNanos) {
                    continue;
                }
                if (sample[1] == 0) {
                    healthySince = -1;
                } else if (healthySince < 0) {
                    healthySince = sample[0];
                }
            }
            return healthySince < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(healthySince - sinceNanos);
        }
    }

    @Override
    public void close() {
        running.set(false);
        thread.shutdownNow();
    }
}
