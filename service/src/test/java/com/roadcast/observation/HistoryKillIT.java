package com.roadcast.observation;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.auth.FileKeyStore;
import com.roadcast.auth.Role;
import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.Eventually;
import com.roadcast.testing.JarProcess;
import com.roadcast.testing.LosLoop;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded history survives {@code kill -9} in the middle of a feed: every step answered 202 is on
 * disk and, after a restart on the same directory, in the history the service answers from.
 */
@Timeout(300)
class HistoryKillIT {
    private static final int BURST = 3000;
    private static final String CONFIG = "config.yml";

    @TempDir
    Path dir;

    @Test
    void everyStepAnswered202IsThereAfterAKill9AndARestart() throws Exception {
        String token = new FileKeyStore(dir.resolve("keys.json"), Clock.systemUTC())
                .create("feed", "internal", Role.ADMIN).token();
        Path jar = JarProcess.built("service/target/roadcast.jar");
        List<Integer> accepted = new CopyOnWriteArrayList<>();
        JarProcess first = JarProcess.start(jar, CONFIG, dir);
        try {
            CompletableFuture<Void> feed = feed(client(first, token), accepted);
            Eventually.within(Duration.ofSeconds(60), () -> assertThat(accepted).hasSizeGreaterThan(150));
            first.process().destroyForcibly().waitFor();
            feed.get(30, TimeUnit.SECONDS);
        } finally {
            first.close();
        }
        assertThat(accepted).as("killed mid-burst").hasSizeLessThan(BURST);

        Map<Instant, Step> onDisk = new StepLog(dir.resolve("history"), LosLoop.sensors().size(), true).load()
                .steps().stream().collect(Collectors.toMap(Step::time, Function.identity()));
        List<Integer> lost = new ArrayList<>();
        for (int row : accepted) {
            Step step = onDisk.get(LosLoop.time(row).toInstant());
            if (step == null) {
                lost.add(row);
            } else {
                assertThat(step.speeds()).containsExactly(speeds(row));
            }
        }
        assertThat(lost).as("steps answered 202 but not on disk").isEmpty();

        int newest = accepted.get(accepted.size() - 1);
        try (JarProcess second = JarProcess.start(jar, CONFIG, dir)) {
            ApiClient client = client(second, token);
            Reply node = client.get("/v1/nodes/" + LosLoop.sensors().get(0));
            Instant latest = OffsetDateTime.parse(node.json().at("/latest/timestamp").asText()).toInstant();
            assertThat(latest).as("the newest answered step, or the one being answered at the kill")
                    .isBetween(LosLoop.time(newest).toInstant(), LosLoop.time(newest + 1).toInstant());
            for (int row : accepted) {
                Reply again = client.post("/v1/observations", LosLoop.batch(row, 1));
                assertThat(again.status()).as("row %d was lost: %s", row, again.raw().body()).isEqualTo(422);
                assertThat(again.raw().body()).contains("already recorded");
            }
            Reply next = client.post("/v1/observations", LosLoop.batch(newest + 2, 1));
            assertThat(next.status()).as(next.raw().body()).isEqualTo(202);
            assertThat(next.json().at("/window/steps").asInt()).isEqualTo(12);
            assertThat(OffsetDateTime.parse(next.json().at("/window/latest").asText()).toInstant())
                    .isEqualTo(LosLoop.time(newest + 2).toInstant());
        }
        System.out.printf("RELIABILITY kill-9: %d single-step ingests answered 202 before SIGKILL, all %d on disk and "
                + "refused as already recorded after the restart%n", accepted.size(), accepted.size());
    }

    /** Posts one step at a time, as a feed does, recording the rows answered 202, until the service is gone. */
    private static CompletableFuture<Void> feed(ApiClient client, List<Integer> accepted) {
        return CompletableFuture.runAsync(() -> {
            for (int row = 0; row < BURST; row++) {
                Reply reply;
                try {
                    reply = client.post("/v1/observations", LosLoop.batch(row, 1));
                } catch (UncheckedIOException killed) {
                    return;
                }
                assertThat(reply.status()).as(reply.raw().body()).isEqualTo(202);
                accepted.add(row);
            }
        });
    }

    private static ApiClient client(JarProcess jar, String token) {
        return new ApiClient(URI.create("http://127.0.0.1:" + jar.port() + "/"), token);
    }

    private static float[] speeds(int row) {
        double[] values = LosLoop.csv().rows().get(row);
        float[] speeds = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            speeds[i] = (float) values[i];
        }
        return speeds;
    }
}
