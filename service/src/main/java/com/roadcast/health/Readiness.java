package com.roadcast.health;

import io.dropwizard.lifecycle.setup.LifecycleEnvironment;
import io.dropwizard.util.Duration;
import com.roadcast.web.AnswerHeaders;
import com.roadcast.web.RequestAttributes;
import java.util.function.BiConsumer;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.thread.ShutdownThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Readiness, and the drain before a stop. Readiness turns false as soon as the server begins to stop.
 * With a drain wait ({@code api.drainWait}), a SIGTERM first drains, before Jetty's own graceful stop:
 * readiness turns false; the application connectors close their listening sockets, so a proxy's new
 * connections are refused (which it retries on another instance, whatever the method, since nothing
 * was sent); every answer carries {@code Connection: close}, so the proxy keeps no idle connection to
 * this instance; requests on open connections go on being served for the wait. Then Dropwizard's
 * graceful stop ({@code server.shutdownGracePeriod}) finishes whatever is still in flight.
 */
public final class Readiness implements LifeCycle.Listener, AnswerHeaders.Source {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final Duration drainWait;
    private volatile boolean draining;
    private volatile @Nullable Drain drain;

    private Readiness(Duration drainWait) {
        this.drainWait = drainWait;
    }

    /** Readiness following the server's lifecycle, draining for {@code drainWait} on SIGTERM. */
    public static Readiness following(LifecycleEnvironment lifecycle, Duration drainWait) {
        Readiness readiness = new Readiness(drainWait);
        lifecycle.addEventListener(readiness);
        return readiness;
    }

    public boolean draining() {
        return draining;
    }

    @Override
    public void lifeCycleStarted(LifeCycle event) {
        if (event instanceof Server server && drainWait.toMilliseconds() > 0) {
            Drain hook = new Drain(server);
            try {
                hook.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot arm the drain on shutdown", e);
            }
            ShutdownThread.register(0, hook);
            drain = hook;
        }
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        draining = true;
    }

    @Override
    public void lifeCycleStopped(LifeCycle event) {
        Drain hook = drain;
        if (event instanceof Server && hook != null) {
            ShutdownThread.deregister(hook);
        }
    }

    /** {@code Connection: close} on every answer while draining, so that no proxy keeps the connection idle here. */
    @Override
    public void addTo(RequestAttributes request, BiConsumer<String, String> header) {
        if (draining) {
            header.accept("Connection", "close");
        }
    }

    /** Stopped by Jetty's shutdown hook before the server (index 0), i.e. on SIGTERM. */
    private final class Drain extends AbstractLifeCycle {
        private final Server server;

        Drain(Server server) {
            this.server = server;
        }

        @Override
        protected void doStop() throws InterruptedException {
            draining = true;
            for (Connector connector : server.getConnectors()) {
                if (!"admin".equals(connector.getName()) && connector instanceof NetworkConnector network) {
                    if (connector instanceof AbstractConnector acceptor) {
                        acceptor.setAccepting(false);
                    }
                    network.close();
                }
            }
            LOG.info("Draining: not ready, no new connections; serving open ones for {}", drainWait);
            Thread.sleep(drainWait.toMilliseconds());
        }
    }
}
