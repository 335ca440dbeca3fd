package com.roadcast.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.Eventually;
import com.roadcast.testing.LosLoop;
import com.roadcast.testing.PerClass;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Behind a real Nginx, two real instances on one Redis: one instance SIGKILLed in the middle of
 * bounded load, then both restarted one after the other (SIGTERM: drain, graceful stop; start; wait
 * ready) under load that also ingests new steps. The client sees zero failed requests in both (a POST
 * in flight on a killed or stalled instance is answered 502/504 "retry" and sent again, counted and
 * printed). An
 * ingest that Redis did not confirm in time (a 503 "not acknowledged": on a loaded 2-core machine a
 * starting JVM can delay a Redis reply past redis.timeout) is sent again, as the answer says; that is
 * counted and printed, and every step ends up stored.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {
    @RegisterExtension
    static final PerClass<Stack> STACK = Stack.perClass(true);

    private static Stack stack() {
        return STACK.get();
    }

    @Test
    @Order(1)
    void anInstanceKilledUnderLoadCostsTheClientNothing() throws Exception {
        Load load = stack().load(4, 2_000);
        try {
            awaitRequests(load, 40, Duration.ofSeconds(20));
            int beforeKill = load.sent();
            stack().first.kill();
            awaitRequests(load, beforeKill + 80, Duration.ofSeconds(30));
            load.close();
            report("SIGKILL", load);
            assertThat(load.sent()).as("requests after the kill").isGreaterThanOrEqualTo(beforeKill + 80);
            assertThat(load.failures()).as("failed requests seen by the client").isEmpty();
        } finally {
            load.close();
            stack().first.launch();
        }
    }

    private static long answered(Instance instance) {
        try {
            return instance.answered();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (bounded) until the load has sent {@code count} requests; on this shared machine rates vary. */
    private static void awaitRequests(Load load, int count, Duration limit) {
        Eventually.within(limit, () -> assertThat(load.sent()).isGreaterThanOrEqualTo(count));
    }

    @Test
    @Order(2)
    void aRollingRestartUnderLoadCostsTheClientNothing() throws Exception {
        Load load = stack().load(4, 5_000);
        load.ingest(i -> Stack.json(LosLoop.batch(1412 + i, 1)), 400, 150);
        Load.sleep(2_000); // kept: two seconds of traffic before the restarts, part of the scenario
        for (Instance instance : new Instance[] {stack().first, stack().second}) {
            int before = load.sent();
            Process stopping = instance.terminate();
            Eventually.within(Duration.ofSeconds(4), () ->
                    assertThat(instance.accepting()).as("a draining instance refuses new connections").isFalse());
            assertThat(stopping.isAlive()).as("draining (6 s), not yet stopped").isTrue();
            assertThat(stopping.waitFor(60, TimeUnit.SECONDS)).as("stopped within the unit's TimeoutStopSec").isTrue();
            assertThat(stopping.exitValue()).as("exit status of a JVM stopped by SIGTERM").isEqualTo(143);
            assertThat(Files.readString(instance.log())).contains("Draining: not ready, no new connections");
            instance.launch();
            // Back in rotation before the next one drains: Nginx sends it traffic again (after its
            // fail_timeout), as the rolling-restart procedure in docs/OPERATIONS.md waits for.
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(answered(instance)).isGreaterThanOrEqualTo(30));
            awaitRequests(load, before + 80, Duration.ofSeconds(30));
        }
        load.close();
        report("rolling restart", load);
        assertThat(load.failures()).as("failed requests seen by the client").isEmpty();
        int steps = load.ingested();
        assertThat(steps).as("steps ingested during the restarts").isGreaterThan(20);
        var forecast = stack().http.send(load.post("/v1/predict", "{\"horizons\":[1]}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        String dataAsOf = io.dropwizard.jackson.Jackson.newObjectMapper().readTree(forecast.body()).get("data_as_of").asText();
        assertThat(java.time.OffsetDateTime.parse(dataAsOf).toInstant())
                .as("the last acknowledged step is the newest in the shared window")
                .isEqualTo(LosLoop.time(1412 + steps - 1).toInstant());
    }

    private static void report(String scenario, Load load) throws Exception {
        long retried = stack().nginx.accessLog().stream().filter(line -> line.contains("\"upstream_addr\":\"127.0.0.1:")
                && line.matches(".*\"upstream_addr\":\"[^\"]*, [^\"]*\".*")).count();
        System.out.printf("%s: %d requests, statuses %s, failures %d, sent again by the client on Nginx's 502/504: %d;"
                + " Nginx log lines retried on another instance so far: %d%n",
                scenario, load.sent(), load.byStatus(), load.failures().size(), load.retried(), retried);
    }
}
