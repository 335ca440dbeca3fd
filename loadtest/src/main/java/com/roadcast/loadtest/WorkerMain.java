package com.roadcast.loadtest;

import com.github.myzhan.locust4j.Locust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A locust4j worker: learns the sensor ids, connects to the Locust master and runs the {@link RequestMix} for as
 * many users as the master asks. It exits on the master's quit, or by itself after {@code --max-seconds} or
 * {@code --max-requests}, whichever comes first. However it exits, it first stops sending, waits for the requests
 * in flight (at most {@link #DRAIN}) and writes its {@link Ledger} (with {@code --ledger}).
 */
public final class WorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
    private static final AtomicBoolean EXITING = new AtomicBoolean();
    /** Includes the TLS handshake, which a cold JVM on a busy machine can take seconds over. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Longer than a request's own timeout (10 s) and the connect timeout: every request sent ends first. */
    static final Duration DRAIN = Duration.ofSeconds(25);

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerOptions options = WorkerOptions.parse(args, System.getenv());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).build();
        Ledger ledger = new Ledger();
        List<String> nodes = NodeDirectory.fetch(http, options.target(), options.keys().get(0).key(), ledger::setup);
        LOG.info("{} nodes at {}; keys {}; master {}:{}", nodes.size(), options.target(), options.keys(),
                options.masterHost(), options.masterPort());
        KeyRing keys = new KeyRing(options.keys(), options.workers());
        RequestMix mix = new RequestMix(options.target(), keys, new Choices(nodes));
        RequestBudget budget = new RequestBudget(options.maxRequests(),
                () -> exit("request budget of " + options.maxRequests() + " spent"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> settle(budget, ledger, options), "worker-settle"));
        Pacing pacing = new Pacing(keys, RequestMix.BUDGET_SHARES, options.unpacedTiers(), options.thinkTime());
        Locust locust = Locust.getInstance();
        locust.setMasterHost(options.masterHost());
        locust.setMasterPort(options.masterPort());
        locust.run(mix.taskSet(new ApiClient(http, budget, ledger), pacing));
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(options.maxRuntime().toMillis());
                exit("run time limit of " + options.maxRuntime().toSeconds() + " s reached");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "worker-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    /** On exit: no new requests, the ones in flight finished and counted, then the ledger written. */
    private static void settle(RequestBudget budget, Ledger ledger, WorkerOptions options) {
        try {
            long unfinished = budget.closeAndDrain(DRAIN);
            LOG.info("exiting: {} answered, {} refused by a limit, {} failed, {} still in flight",
                    ledger.count(Ledger.Outcome.ANSWERED), ledger.count(Ledger.Outcome.REFUSED),
                    ledger.count(Ledger.Outcome.FAILED), unfinished);
            if (options.ledger().isPresent()) {
                ledger.write(options.ledger().get(), unfinished);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.error("could not write the ledger {}", options.ledger().get(), e);
        }
    }

    /** Exits once, from its own thread, so a task thread that notices a limit is not blocked in System.exit. */
    private static void exit(String reason) {
        if (EXITING.compareAndSet(false, true)) {
            LOG.warn("worker stopping by itself: {}", reason);
            new Thread(() -> System.exit(0), "worker-exit").start();
        }
    }
}
