package com.roadcast.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.TestApp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow-body clients (slowloris on the body), with valid keys (without one a request is refused before
 * its body is read). Those that stall are answered 408 in the error shape within the connector's idle
 * timeout; those that trickle a byte every 200 ms keep their connection (each byte resets the idle
 * timer: in production Nginx buffers whole bodies before they reach the service) but hold no more than
 * their own thread, so ordinary requests keep being answered promptly meanwhile.
 */
@Timeout(180)
class SlowBodyIT {
    private static final long IDLE_TIMEOUT_MS = 2000;
    private static final int STALLED = 30;
    private static final int TRICKLING = 30;
    private static TestApp app;
    private static ApiClient client;
    private static String key;

    @BeforeAll
    static void start() {
        app = TestApp.start("server.applicationConnectors[0].idleTimeout", IDLE_TIMEOUT_MS + "ms");
        key = app.createKey("admin", "internal");
        client = app.client(key);
        assertThat(client.post("/v1/observations", LosLoop.batch(1450, 12)).status()).isEqualTo(202);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void stalledBodiesAreCutOffAndTricklingOnesStarveNobody() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(STALLED + TRICKLING);
        AtomicBoolean trickle = new AtomicBoolean(true);
        try {
            List<Future<Long>> stalled = new ArrayList<>();
            List<Future<Integer>> trickling = new ArrayList<>();
            for (int i = 0; i < STALLED; i++) {
                stalled.add(pool.submit(SlowBodyIT::stalledClient));
                trickling.add(pool.submit(() -> tricklingClient(trickle)));
            }
            TimeUnit.MILLISECONDS.sleep(300); // kept: the slow clients are under way before ordinary ones are timed
            List<Long> pairs = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * IDLE_TIMEOUT_MS);
            while (System.nanoTime() < until) {
                long start = System.nanoTime();
                assertThat(client.get("/v1/model").status()).isEqualTo(200);
                assertThat(client.post("/v1/predict", "{\"horizons\":[1]}").status()).isEqualTo(200);
                pairs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            long longestStall = 0;
            for (Future<Long> held : stalled) {
                longestStall = Math.max(longestStall, held.get(30, TimeUnit.SECONDS));
            }
            trickle.set(false);
            int stillOpen = 0;
            for (Future<Integer> held : trickling) {
                stillOpen += held.get(30, TimeUnit.SECONDS);
            }
            List<Long> sorted = pairs.stream().sorted().toList();
            System.out.printf("SLOW %d stalled bodies answered 408 within %d ms (idle timeout %d ms); %d of %d trickling "
                            + "bodies held their connection %d ms; meanwhile %d requests served, pair median %d ms, max %d ms%n",
                    STALLED, longestStall, IDLE_TIMEOUT_MS, stillOpen, TRICKLING, 2 * IDLE_TIMEOUT_MS, 2 * pairs.size(),
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
            assertThat(longestStall).isLessThan(IDLE_TIMEOUT_MS + 2000);
            assertThat(sorted.get(sorted.size() / 2)).as("median pair of ordinary requests").isLessThan(250);
            assertThat(client.get("/v1/model").status()).isEqualTo(200);
        } finally {
            trickle.set(false);
            pool.shutdownNow();
        }
    }

    /** Headers for a 2,000-byte body and 10 bytes of it, then silence: how long until the 408 came. */
    private static long stalledClient() throws IOException {
        long start = System.nanoTime();
        try (RawHttp http = new RawHttp(app.base(), (int) IDLE_TIMEOUT_MS * 5)) {
            http.send(head());
            RawHttp.Answer answer = http.read();
            assertThat(answer.status()).as(answer.body()).isEqualTo(408);
            assertThat(answer.body()).contains("\"code\":408");
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** The same, then a byte every 200 ms while {@code go}; 1 if the server was still reading it then. */
    private static int tricklingClient(AtomicBoolean go) throws IOException, InterruptedException {
        try (RawHttp http = new RawHttp(app.base(), (int) IDLE_TIMEOUT_MS * 5)) {
            http.send(head());
            while (go.get() && !http.answered()) {
                TimeUnit.MILLISECONDS.sleep(200); // kept: a byte every 200 ms is the trickle under test
                http.send(" ");
            }
            return http.answered() ? 0 : 1;
        }
    }

    private static String head() {
        return "POST /v1/observations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-API-Key: " + key
                + "\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n{\"observa";
    }
}
