package com.roadcast.loadtest;

import com.github.myzhan.locust4j.Locust;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A locust4j worker: learns the sensor ids, connects to the Locust master and runs the {@link RequestMix} for as
 * many users as the master asks. It exits on the master's quit, or by itself after {@code --max-seconds} or
 * {@code --max-requests}, whichever comes first.
 */
public final class WorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);
    private static final AtomicBoolean EXITING = new AtomicBoolean();

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        WorkerOptions options = WorkerOptions.parse(args, System.getenv());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        List<String> nodes = NodeDirectory.fetch(http, options.target(), options.keys().get(0).key());
        LOG.info("{} nodes at {}; keys {}; master {}:{}", nodes.size(), options.target(), options.keys(),
                options.masterHost(), options.masterPort());
        RequestMix mix = new RequestMix(options.target(), new KeyRing(options.keys()), new Choices(nodes));
        RequestBudget budget = new RequestBudget(options.maxRequests(),
                () -> exit("request budget of " + options.maxRequests() + " spent"));
        Runtime.getRuntime().addShutdownHook(new Thread(budget::close, "worker-close-budget"));
        ApiClient client = new ApiClient(http, budget);
        Locust locust = Locust.getInstance();
        locust.setMasterHost(options.masterHost());
        locust.setMasterPort(options.masterPort());
        locust.run(mix.taskSet(client, options.thinkTime()));
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

    /** Exits once, from its own thread, so a task thread that notices a limit is not blocked in System.exit. */
    private static void exit(String reason) {
        if (EXITING.compareAndSet(false, true)) {
            LOG.warn("worker stopping by itself: {}", reason);
            new Thread(() -> System.exit(0), "worker-exit").start();
        }
    }
}
