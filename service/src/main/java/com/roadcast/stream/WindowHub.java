package com.roadcast.stream;

import com.roadcast.record.ForecastRecord;
import com.roadcast.redis.RedisEvents;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers of every new window, in order, on every instance: the instance that kept a window's
 * forecast of record tells its own subscribers and, through {@link RedisEvents}, the other instances'
 * (the record is in the shared store before they hear of it). A window is new when its
 * {@code data_as_of} is later than every one told before (a replay of older steps re-records a window
 * already told of: not new). Subscribers run on this hub's one thread ({@code stream-windows}), in order;
 * they must hand long work on.
 */
public final class WindowHub implements Consumer<ForecastRecord>, Managed {
    static final String RECORDED_EVENT = "window-recorded";
    private static final Logger LOG = LoggerFactory.getLogger(WindowHub.class);
    private static final int MAX_WAITING = 256;
    private final Optional<RedisEvents> events;
    private final Clock clock;
    private final List<Consumer<NewWindow>> subscribers = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), runnable -> {
                Thread named = new Thread(runnable, "stream-windows");
                named.setDaemon(true);
                return named;
            }, (runnable, pool) -> {
                if (!pool.isShutdown()) {
                    LOG.warn("Window hub: {} windows wait to be told; a newer one is dropped", MAX_WAITING);
                }
            });
    private volatile @Nullable Instant latest;

    /** @param events when present, windows recorded here are announced to the other instances, and theirs heard */
    public WindowHub(Optional<RedisEvents> events, Clock clock) {
        this.events = events;
        this.clock = clock;
        events.ifPresent(bus -> bus.on(RECORDED_EVENT, this::heard));
    }

    /**
     * Calls {@code subscriber} with every new window from now on, until the returned handle is closed.
     * The status page and the forecast stream subscribe here.
     */
    public Subscription subscribe(Consumer<NewWindow> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** A forecast of record kept here (the recorder's listener): told here and announced to the others. */
    @Override
    public void accept(ForecastRecord record) {
        Instant dataAsOf = record.dataAsOf();
        events.ifPresent(bus -> bus.publish(RECORDED_EVENT, Long.toString(dataAsOf.getEpochSecond())));
        thread.execute(() -> tell(dataAsOf));
    }

    private void heard(String payload) {
        Instant dataAsOf;
        try {
            dataAsOf = Instant.ofEpochSecond(Long.parseLong(payload));
        } catch (NumberFormatException e) {
            LOG.warn("Window hub: ignored an announcement that names no window: {}", payload);
            return;
        }
        thread.execute(() -> tell(dataAsOf));
    }

    private void tell(Instant dataAsOf) {
        Instant told = latest;
        if (told != null && !dataAsOf.isAfter(told)) {
            return;
        }
        latest = dataAsOf;
        NewWindow window = new NewWindow(dataAsOf, clock.instant());
        for (Consumer<NewWindow> subscriber : subscribers) {
            try {
                subscriber.accept(window);
            } catch (RuntimeException e) {
                LOG.warn("Window hub: a subscriber failed on the window ending {}", dataAsOf, e);
            }
        }
    }

    @Override
    public void stop() throws InterruptedException {
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A subscription; closing it stops the calls. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
