package com.roadcast.forecast;

import com.roadcast.model.LoadedModel;
import com.roadcast.model.ModelRegistry;
import com.roadcast.observation.WindowSnapshot;
import com.roadcast.record.ForecastRecord;
import com.roadcast.record.ForecastRecords;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the forecast of record of every new window, even if nobody asks for it: the instance that stored
 * a step hands the window to this thread, which computes the all-nodes forecast through the engine (so
 * the first request for that window finds it done) and keeps it; a shadow model, when one runs, forecasts
 * the same window here too (never served, never on a request's path). Ingest does not wait for it, and
 * the recorder waits {@link #YIELD} after the hand-off before it starts, so on a busy host the inference does
 * not compete with the ingest's own answer (a request for the window meanwhile computes it as before).
 * Windows are recorded in the order they came; on stop, those waiting are recorded first.
 */
public final class ForecastRecorder implements Managed, Consumer<WindowSnapshot> {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastRecorder.class);
    private static final int MAX_WAITING = 4096;
    /** How long after the hand-off a window is recorded: longer than an ingest takes to answer. */
    private static final Duration YIELD = Duration.ofMillis(5);
    private final ModelRegistry models;
    private final ForecastEngine engine;
    private final ForecastRecords records;
    private final ForecastRecords shadowRecords;
    private final BlockingQueue<Handed> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread thread = new Thread(this::run, "forecast-recorder");
    private final List<Consumer<ForecastRecord>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopping;

    private record Handed(WindowSnapshot window, long atNanos) {}

    /** @param shadowRecords where the shadow model's forecasts of the same windows are kept, while one runs */
    public ForecastRecorder(ModelRegistry models, ForecastEngine engine, ForecastRecords records,
            ForecastRecords shadowRecords) {
        this.models = models;
        this.engine = engine;
        this.records = records;
        this.shadowRecords = shadowRecords;
        thread.setDaemon(true);
    }

    /** A window that just became current here; recorded once it is full. */
    @Override
    public void accept(WindowSnapshot window) {
        if (window.steps().size() >= models.active().inputSteps() && !waiting.offer(new Handed(window, System.nanoTime()))) {
            LOG.warn("Forecast records: {} windows are waiting; the one ending {} is not recorded", MAX_WAITING,
                    window.latestStep().orElseThrow());
        }
    }

    /** Tells {@code listener} of every record once it is kept, on this thread: it must hand the work on. */
    public void onRecord(Consumer<ForecastRecord> listener) {
        listeners.add(listener);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void run() {
        while (!stopping || !waiting.isEmpty()) {
            Handed handed;
            try {
                handed = waiting.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (handed != null) {
                LockSupport.parkNanos(handed.atNanos() + YIELD.toNanos() - System.nanoTime());
                record(handed.window());
            }
        }
    }

    private void record(WindowSnapshot window) {
        try {
            ForecastRecord record = engine.forecast(models.active(), window).record();
            records.put(record);
            listeners.forEach(listener -> listener.accept(record));
            Optional<LoadedModel> shadow = models.shadow();
            if (shadow.isPresent()) {
                shadowRecords.put(ForecastEngine.compute(shadow.get(), window).record());
            }
        } catch (RuntimeException e) {
            LOG.warn("Forecast records: the window ending {} could not be recorded", window.latestStep().orElseThrow(), e);
        }
    }
}
