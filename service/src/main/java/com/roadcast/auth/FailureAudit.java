package com.roadcast.auth;

import com.roadcast.audit.Audit;
import com.roadcast.web.ClientIps;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Audit lines for failed authentications, one per address and window, so a flood cannot fill the disk:
 * the first failure of an address (IPv6: its /64, as {@link FailedAuthGuard} counts) in a window of the
 * failure budget is written as it happens; the rest are counted, and when the window ends (or at the
 * address's next failure, or at shutdown) one {@code failed-summary} line carries the window's count:
 * {@code failures} (all, the first included) and {@code locked_out} (of those, refused with 429). An
 * address that failed once gets no summary, and a summary names no request (it speaks for many). Per instance: instances sharing a budget audit their own.
 * At most {@link #MAX_ADDRESSES} addresses are tracked per window; failures of further ones share one
 * tally, {@code "ip":"other addresses"}.
 */
public final class FailureAudit implements Managed {
    static final int MAX_ADDRESSES = 100_000;
    static final String OTHERS = "other addresses";
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Tally> tallies = new HashMap<>();
    private @Nullable ScheduledExecutorService flusher;

    private static final class Tally {
        final long window;
        long failures;
        long lockedOut;

        Tally(long window) {
            this.window = window;
        }
    }

    public FailureAudit(Duration window) {
        this(window, System::currentTimeMillis);
    }

    FailureAudit(Duration window, LongSupplier clock) {
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts a failure of {@code ip}; writes {@code firstLine} (details for {@link Audit#record}) if it is the window's first. */
    public synchronized void failed(String ip, boolean lockedOut, String outcome, @Nullable Object... firstLine) {
        long window = clock.getAsLong() / windowMillis;
        String group = ClientIps.network(ip);
        Tally tally = tallies.get(group);
        if (tally != null && tally.window != window) {
            tallies.remove(group);
            summarize(group, tally);
            tally = null;
        }
        if (tally == null) {
            if (tallies.size() >= MAX_ADDRESSES) {
                group = OTHERS;
                tally = tallies.get(OTHERS);
            }
            if (tally == null) {
                tally = new Tally(window);
                tallies.put(group, tally);
                Audit.record("auth", outcome, firstLine);
            }
        }
        tally.failures++;
        if (lockedOut) {
            tally.lockedOut++;
        }
    }

    /** Writes the summaries of windows that have ended (all of them when {@code all}). */
    synchronized void flush(boolean all) {
        long window = clock.getAsLong() / windowMillis;
        List<Map.Entry<String, Tally>> ended = new ArrayList<>();
        tallies.entrySet().removeIf(entry -> (all || entry.getValue().window != window) && ended.add(entry));
        ended.forEach(entry -> summarize(entry.getKey(), entry.getValue()));
    }

    private void summarize(String group, Tally tally) {
        if (tally.failures > 1) {
            Audit.record("auth", "failed-summary", "request_id", null, "ip", group,
                    "window_start", Instant.ofEpochMilli(tally.window * windowMillis).toString(),
                    "window_end", Instant.ofEpochMilli((tally.window + 1) * windowMillis).toString(),
                    "failures", tally.failures, "locked_out", tally.lockedOut);
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "auth-failure-audit");
            thread.setDaemon(true);
            return thread;
        });
        long toBoundary = windowMillis - clock.getAsLong() % windowMillis;
        started.scheduleAtFixedRate(() -> flush(false), toBoundary + 50, windowMillis, TimeUnit.MILLISECONDS);
        flusher = started;
    }

    @Override
    public void stop() throws InterruptedException {
        ScheduledExecutorService running = flusher;
        if (running != null) {
            running.shutdownNow();
            running.awaitTermination(5, TimeUnit.SECONDS);
        }
        flush(true);
    }
}
