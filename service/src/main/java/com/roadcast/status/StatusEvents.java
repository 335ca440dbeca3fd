package com.roadcast.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.roadcast.model.ModelRegistry;
import com.roadcast.stream.NewWindow;
import com.roadcast.web.ApiError;
import com.roadcast.web.RequestIds;
import io.dropwizard.lifecycle.Managed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /status/events}: a server-sent event stream telling the open status pages of every new window
 * ({@code event: window}, {@code id:} and {@code data: {"data_as_of":..}}) as the {@code WindowHub} tells it
 * (its forecast of record kept here, or at another instance sharing Redis), with a heartbeat comment every
 * {@link #HEARTBEAT_SECONDS} s. One thread, {@code status-events}, writes to every stream in order; the hub
 * only hands it the window. Streams close when the server begins to stop, so open pages never hold up a shutdown.
 */
final class StatusEvents extends HttpServlet implements Consumer<NewWindow>, Managed, LifeCycle.Listener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StatusEvents.class);
    static final String PATH = StatusFactory.PATH + "/events";
    static final long HEARTBEAT_SECONDS = 15;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OPENING = "retry: 3000\n: open\n\n".getBytes(StandardCharsets.UTF_8);
    private final int maxListeners;
    private final transient ObjectMapper mapper;
    private final transient ModelRegistry models;
    private final transient Set<AsyncContext> open = ConcurrentHashMap.newKeySet();
    private final transient ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "status-events");
        thread.setDaemon(true);
        return thread;
    });

    StatusEvents(int maxListeners, ObjectMapper mapper, ModelRegistry models) {
        this.maxListeners = maxListeners;
        this.mapper = mapper;
        this.models = models;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (open.size() >= maxListeners) {
            byte[] body = mapper.writeValueAsBytes(new ApiError(503, maxListeners
                    + " status pages are already listening (status.maxListeners); close one and reload", RequestIds.current()));
            response.setStatus(503);
            response.setContentType("application/json");
            response.getOutputStream().write(body);
            return;
        }
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        AsyncContext stream = request.startAsync();
        stream.setTimeout(0);
        stream.addListener(new Forget());
        open.add(stream);
        sender.execute(() -> write(stream, OPENING));
    }

    /** A new window (its forecast of record kept, here or at another instance): every open page hears of it. */
    @Override
    public void accept(NewWindow window) {
        byte[] event;
        try {
            String asOf = models.active().localTime(window.dataAsOf());
            event = ("event: window\nid: " + asOf + "\ndata: " + mapper.writeValueAsString(Map.of("data_as_of", asOf))
                    + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a window event cannot be written", e);
        }
        sender.execute(() -> open.forEach(stream -> write(stream, event)));
    }

    @Override
    public void start() {
        sender.scheduleAtFixedRate(() -> open.forEach(stream -> write(stream, HEARTBEAT)), HEARTBEAT_SECONDS,
                HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        sender.shutdownNow();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        closeAll();
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        if (event instanceof Server) {
            closeAll();
        }
    }

    private void closeAll() {
        open.forEach(StatusEvents::complete);
        open.clear();
    }

    private void write(AsyncContext stream, byte[] bytes) {
        try {
            ServletOutputStream out = stream.getResponse().getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("a status page stopped listening: {}", e.toString());
            open.remove(stream);
            complete(stream);
        }
    }

    private static void complete(AsyncContext stream) {
        try {
            stream.complete();
        } catch (IllegalStateException alreadyDone) {
            LOG.trace("status stream already complete", alreadyDone);
        }
    }

    /** Drops a stream from the open ones once Jetty is done with it, however it ended. */
    private final class Forget implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            open.remove(event.getAsyncContext());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            open.remove(event.getAsyncContext());
        }

        @Override
        public void onError(AsyncEvent event) {
            open.remove(event.getAsyncContext());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a stream starts asynchronous once only
        }
    }
}
