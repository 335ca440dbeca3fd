package com.roadcast.stream;

import com.roadcast.forecast.PredictRequest;
import com.roadcast.observation.ObservationHistory;
import com.roadcast.record.ForecastRecord;
import com.roadcast.record.ForecastRecords;
import com.roadcast.record.RecordsUnavailableException;
import com.roadcast.web.ApiError;
import io.dropwizard.lifecycle.Managed;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open streams of this instance: at most {@code maxPerKey} per key, each told of every new window (its
 * forecast of record read once for all of them), a heartbeat for each every {@code heartbeat}, and all
 * closed when the server begins to stop (clients resume elsewhere with {@code Last-Event-ID}). Sends run
 * on {@code senders} threads ({@code stream-sender-N}), heartbeats on {@code stream-heartbeat}.
 */
final class OpenStreams implements Managed, Consumer<NewWindow>, LifeCycle.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(OpenStreams.class);
    private final Set<ForecastStream> open = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perKey = new ConcurrentHashMap<>();
    private final int maxPerKey;
    private final Duration heartbeat;
    private final ForecastRecords records;
    private final ObservationHistory history;
    private final ForecastEvents events;
    private final ExecutorService senders;
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            runnable -> daemon(runnable, "stream-heartbeat"));

    OpenStreams(int maxPerKey, Duration heartbeat, int senderThreads, ForecastRecords records, ObservationHistory history,
            ForecastEvents events) {
        this.maxPerKey = maxPerKey;
        this.heartbeat = heartbeat;
        this.records = records;
        this.history = history;
        this.events = events;
        AtomicInteger made = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(senderThreads,
                runnable -> daemon(runnable, "stream-sender-" + made.incrementAndGet()));
    }

    /**
     * Opens a stream for {@code keyId}, resuming after {@code lastSent} when given.
     *
     * @throws jakarta.ws.rs.WebApplicationException 429 when the key already has {@code maxPerKey} open here
     */
    void open(String keyId, PredictRequest selection, Optional<Instant> lastSent, SseEventSink sink, Sse sse) {
        if (!takeSlot(keyId)) {
            String message = "this key already has " + maxPerKey + " streams open here (stream.maxPerKey); close one first";
            // a client that went away frees its slot by the second heartbeat after it left
            throw new WebApplicationException(message, Response.fromResponse(
                    ApiError.response(ApiError.Status.TOO_MANY_REQUESTS, message))
                    .header("Retry-After", Long.toString(Math.max(1, heartbeat.multipliedBy(2).toSeconds()))).build());
        }
        ForecastStream[] self = new ForecastStream[1];
        ForecastStream stream = new ForecastStream(selection, sink, sse, events, senders, () -> {
            open.remove(self[0]);
            perKey.computeIfPresent(keyId, (key, count) -> count <= 1 ? null : count - 1);
        });
        self[0] = stream;
        // told of new windows before the missed ones are looked up: none falls between the two
        open.add(stream);
        stream.start(lastSent.orElse(null), () -> lastSent.map(this::missedSince).orElse(Collections.emptyIterator()));
    }

    /** Streams open now (a stream whose client went away counts until a send or a heartbeat fails). */
    int count() {
        return open.size();
    }

    /** The forecasts of record after {@code lastSent}, up to the newest window, read as they are sent. */
    private Iterator<ForecastRecord> missedSince(Instant lastSent) {
        Optional<Instant> newest = history.snapshot().latestStep();
        if (newest.isEmpty() || !newest.get().isAfter(lastSent)) {
            return Collections.emptyIterator();
        }
        return records.range(lastSent.plusSeconds(1), newest.get());
    }

    private boolean takeSlot(String keyId) {
        boolean[] taken = {false};
        perKey.compute(keyId, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerKey) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    @Override
    public void accept(NewWindow window) {
        if (open.isEmpty()) {
            return;
        }
        Optional<ForecastRecord> record;
        try {
            record = records.get(window.dataAsOf());
        } catch (RecordsUnavailableException e) {
            LOG.warn("Streams: the forecast of the window ending {} cannot be read: {}", window.dataAsOf(), e.getMessage());
            return;
        }
        if (record.isEmpty()) {
            LOG.warn("Streams: no forecast of record for the window ending {}", window.dataAsOf());
            return;
        }
        LiveWindow live = new LiveWindow(record.get(), events);
        open.forEach(stream -> stream.offer(live));
    }

    @Override
    public void start() {
        long every = heartbeat.toMillis();
        heartbeats.scheduleAtFixedRate(() -> open.forEach(ForecastStream::heartbeat), every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        closeAll();
        heartbeats.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The server begins to stop: every stream ends now, so that none holds up the graceful stop. */
    @Override
    public void lifeCycleStopping(LifeCycle event) {
        if (event instanceof Server) {
            closeAll();
        }
    }

    private void closeAll() {
        open.forEach(ForecastStream::close);
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
