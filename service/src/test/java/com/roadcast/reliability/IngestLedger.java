package com.roadcast.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.roadcast.testing.ApiClient;
import com.roadcast.testing.ApiClient.Reply;
import com.roadcast.testing.LosLoop;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client ingesting consecutive Los-loop steps one at a time, as a feed would, and keeping a ledger of
 * what it was told: 202 (accepted: must never be lost), 503 (not accepted: it tries the step again) or
 * 422 "already recorded" (a step answered 503 that was stored after all). It posts at most one window of
 * steps, so everything accepted must still be in the window afterwards.
 */
final class IngestLedger {
    private final ApiClient client;
    private final int firstRow;
    private final int rows;
    private final List<Integer> accepted = new ArrayList<>();
    private final List<Integer> storedAfterRefusal = new ArrayList<>();
    private final List<String> unexpected = new ArrayList<>();
    private int refusals;
    private int posts;
    private long maxNanos;

    IngestLedger(ApiClient client, int firstRow, int rows) {
        this.client = client;
        this.firstRow = firstRow;
        this.rows = rows;
    }

    /** Posts the steps in order, one attempt every {@code pauseMillis}, in the background. */
    CompletableFuture<Void> runEvery(long pauseMillis) {
        return CompletableFuture.runAsync(() -> {
            for (int row = firstRow; row < firstRow + rows && posts < 1000; ) {
                if (settle(row)) {
                    row++;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(pauseMillis); // kept: the feed's pace, one step every pauseMillis
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** One attempt at {@code row}; true once the service holds it (202, or 422 "already recorded"). */
    private synchronized boolean settle(int row) {
        posts++;
        Reply reply;
        long start = System.nanoTime();
        try {
            reply = client.post("/v1/observations", LosLoop.batch(row, 1));
        } catch (UncheckedIOException e) {
            unexpected.add("row " + row + ": no answer " + e.getCause());
            return false;
        } finally {
            maxNanos = Math.max(maxNanos, System.nanoTime() - start);
        }
        String body = reply.raw().body();
        if (reply.status() == 202) {
            accepted.add(row);
            return true;
        }
        if (reply.status() == 503) {
            refusals++;
            return false;
        }
        if (reply.status() == 422 && body.contains("already recorded") && !accepted.contains(row)) {
            storedAfterRefusal.add(row);
            return true;
        }
        unexpected.add("row " + row + ": " + reply.status() + " " + body);
        return false;
    }

    /**
     * Every accepted step is still held: posting it again is refused as already recorded (a lost step
     * would be accepted anew), and the newest one is the node's latest reading and the forecasts' data time.
     */
    synchronized int lostSteps() {
        assertThat(unexpected).as("answers other than 202, 503 or 'already recorded'").isEmpty();
        int lost = 0;
        for (int row : accepted) {
            Reply again = client.post("/v1/observations", LosLoop.batch(row, 1));
            if (again.status() != 422 || !again.raw().body().contains("already recorded")) {
                lost++;
            }
        }
        int newest = firstRow + rows - 1;
        java.time.Instant newestTime = LosLoop.time(newest).toInstant();
        Reply node = client.get("/v1/nodes/" + LosLoop.sensors().get(0));
        assertThat(instant(node.json().at("/latest/timestamp").asText())).as(node.raw().body()).isEqualTo(newestTime);
        assertThat(node.json().at("/latest/speed_mph").asDouble())
                .isEqualTo((double) (float) LosLoop.csv().rows().get(newest)[0]);
        Reply forecast = client.post("/v1/predict", "{\"horizons\":[1]}");
        assertThat(instant(forecast.json().get("data_as_of").asText())).isEqualTo(newestTime);
        return lost;
    }

    private static java.time.Instant instant(String localTime) {
        return java.time.OffsetDateTime.parse(localTime).toInstant();
    }

    synchronized String summary() {
        return "ingest posts=" + posts + " accepted=" + accepted.size() + " refused_503=" + refusals
                + " stored_after_503=" + storedAfterRefusal.size();
    }

    synchronized long maxLatencyMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxNanos);
    }

    synchronized int refusals() {
        return refusals;
    }
}
