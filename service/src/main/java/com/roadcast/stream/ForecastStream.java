package com.roadcast.stream;

import com.roadcast.forecast.PredictRequest;
import com.roadcast.record.ForecastRecord;
import com.roadcast.web.RequestRefused;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open stream. Everything it writes goes out from one sender task at a time, in order: the missed
 * windows first (the forecasts of record after {@code Last-Event-ID}), then the live ones as they come,
 * each only if later than the last one sent, and heartbeat comments. A failed write (the client went away)
 * or a client too slow to keep up with {@link #MAX_PENDING} windows closes it, which frees its slot.
 */
final class ForecastStream {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastStream.class);
    /** Live windows held for a client that has not taken the previous ones yet. */
    static final int MAX_PENDING = 64;
    /** Events sent per turn on a sender thread before the other streams get theirs. */
    private static final int PER_TURN = 16;
    /** A write taking longer than this means a client that no longer reads. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private final PredictRequest selection;
    private final SseEventSink sink;
    private final Sse sse;
    private final ForecastEvents events;
    private final Executor senders;
    private final Runnable onClose;
    private final BlockingQueue<LiveWindow> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean heartbeatDue;
    /** Touched only by the sender task holding {@link #scheduled}. */
    private @Nullable Iterator<ForecastRecord> backlog;
    private @Nullable Supplier<Iterator<ForecastRecord>> missed;
    private @Nullable Instant cursor;

    ForecastStream(PredictRequest selection, SseEventSink sink, Sse sse, ForecastEvents events, Executor senders,
            Runnable onClose) {
        this.selection = selection;
        this.sink = sink;
        this.sse = sse;
        this.events = events;
        this.senders = senders;
        this.onClose = onClose;
    }

    /**
     * Starts sending: the missed windows (after {@code lastSent}, looked up on the first turn: a store that
     * cannot be read ends the stream, which the client resumes later), then live ones.
     */
    void start(@Nullable Instant lastSent, Supplier<Iterator<ForecastRecord>> missed) {
        cursor = lastSent;
        this.missed = missed;
        started = true;
        wake();
    }

    /** A new window (held until {@link #start}): queued, or the stream closed when the client has {@link #MAX_PENDING} not yet taken. */
    void offer(LiveWindow window) {
        if (!pending.offer(window)) {
            LOG.info("Stream closed: the client took none of the last {} windows", MAX_PENDING);
            close();
            return;
        }
        wake();
    }

    void heartbeat() {
        heartbeatDue = true;
        wake();
    }

    void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing a stream failed: {}", e.getMessage());
            }
            onClose.run();
        }
    }

    private void wake() {
        if (started && !closed.get() && scheduled.compareAndSet(false, true)) {
            try {
                senders.execute(this::turn);
            } catch (RejectedExecutionException stopping) {
                scheduled.set(false);
                close();
            }
        }
    }

    private void turn() {
        try {
            send();
        } catch (RuntimeException e) {
            LOG.debug("Stream closed: {}", e.getMessage());
            close();
        } finally {
            scheduled.set(false);
        }
        if (!closed.get() && (heartbeatDue || backlog != null || !pending.isEmpty())) {
            wake();
        }
    }

    private void send() {
        Supplier<Iterator<ForecastRecord>> firstTurn = missed;
        if (firstTurn != null) {
            missed = null;
            write(sse.newEventBuilder().comment("forecasts of each new window follow").build());
            backlog = firstTurn.get();
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            write(sse.newEventBuilder().comment("heartbeat").build());
        }
        for (int sent = 0; sent < PER_TURN && !closed.get(); sent++) {
            if (!sendNext()) {
                return;
            }
        }
    }

    /** Sends the next window after the cursor, missed ones first; false when there is none yet. */
    private boolean sendNext() {
        while (backlog != null) {
            if (!backlog.hasNext()) {
                backlog = null;
            } else {
                ForecastRecord record = backlog.next();
                if (later(record.dataAsOf())) {
                    return sendWindow(record.dataAsOf(), () -> events.data(selection, record));
                }
            }
        }
        for (LiveWindow window = pending.poll(); window != null; window = pending.poll()) {
            LiveWindow live = window;
            if (later(live.record().dataAsOf())) {
                return sendWindow(live.record().dataAsOf(), () -> live.data(selection));
            }
        }
        return false;
    }

    private boolean later(Instant dataAsOf) {
        return cursor == null || dataAsOf.isAfter(cursor);
    }

    private boolean sendWindow(Instant dataAsOf, Supplier<String> data) {
        cursor = dataAsOf;
        String body;
        try {
            body = data.get();
        } catch (RequestRefused otherNetwork) {
            LOG.warn("Stream: the window ending {} is skipped: {}", dataAsOf, otherNetwork.getMessage());
            return true;
        }
        write(sse.newEventBuilder().name(ForecastEvents.NAME).id(events.id(dataAsOf)).data(String.class, body).build());
        return true;
    }

    private void write(OutboundSseEvent event) {
        try {
            sink.send(event).toCompletableFuture().get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            throw new StreamGoneException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamGoneException(e);
        }
    }

    /** The client can no longer be written to. */
    private static final class StreamGoneException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StreamGoneException(Throwable cause) {
            super("the client went away: " + cause, cause, false, false);
        }
    }
}
