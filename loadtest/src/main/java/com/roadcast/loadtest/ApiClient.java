package com.roadcast.loadtest;

import com.github.myzhan.locust4j.Locust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * Sends a call, sorts its outcome and counts it in the worker's {@link Ledger} and in locust4j: a 2xx answer whose
 * body passes the call's check is answered; a 429 is refused by a limit (the service was right; Locust gets it as
 * a success in its own row, named with "(refused)", so it never shows as a failure); anything else (another
 * status, a wrong body, an I/O error, a timeout) failed.
 *
 * <p>The request is awaited without interruption: when locust4j stops a user (it interrupts the thread) the
 * request already sent still gets its answer counted, so the worker never sent a request it did not count.
 *
 * <p>Locust counts a failed request as a request plus an error; locust4j's {@code recordFailure} counts only the
 * error, so a failure is recorded as both: the request, then the error.
 */
final class ApiClient {
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (name, value) -> true);
    private final HttpClient http;
    private final RequestBudget budget;
    private final Ledger ledger;

    ApiClient(HttpClient http, RequestBudget budget, Ledger ledger) {
        this.http = http;
        this.budget = budget;
        this.ledger = ledger;
    }

    /** What came back: the outcome, the status (0 without an answer) and the headers (empty without one). */
    record Result(Ledger.Outcome outcome, int status, HttpHeaders headers) {
    }

    Result send(ApiCall call, WorkerOptions.TierKey key) throws InterruptedException {
        budget.spendOne();
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.sendAsync(call.request(), HttpResponse.BodyHandlers.ofByteArray()).join();
            return counted(call, key, response, millisSince(start));
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String kind = cause instanceof IOException ? cause.getClass().getSimpleName() : "client error " + cause.getClass().getSimpleName();
            failed(call, millisSince(start), 0, kind, false);
            return new Result(Ledger.Outcome.FAILED, 0, NO_HEADERS);
        } finally {
            budget.done();
        }
    }

    private Result counted(ApiCall call, WorkerOptions.TierKey key, HttpResponse<byte[]> response, long millis) {
        int status = response.statusCode();
        byte[] body = response.body();
        Optional<String> problem = status == 429 || status < 200 || status >= 300
                ? Optional.of("HTTP " + status) : call.check().problem(body);
        Ledger.Outcome outcome;
        if (status == 429) {
            outcome = Ledger.Outcome.REFUSED;
            ledger.refused(call.name(), key.tier(), call.budget().orElse("none"));
            Locust.getInstance().recordSuccess(call.method(), call.name() + " (refused)", millis, body.length);
        } else if (problem.isPresent()) {
            outcome = Ledger.Outcome.FAILED;
            failed(call, millis, body.length, problem.get(), true);
        } else {
            outcome = Ledger.Outcome.ANSWERED;
            ledger.answered(call.name(), millis);
            Locust.getInstance().recordSuccess(call.method(), call.name(), millis, body.length);
        }
        return new Result(outcome, status, response.headers());
    }

    private void failed(ApiCall call, long millis, long bytes, String kind, boolean answered) {
        ledger.failed(call.name(), kind, answered);
        Locust.getInstance().recordSuccess(call.method(), call.name(), millis, bytes);
        Locust.getInstance().recordFailure(call.method(), call.name(), millis, kind);
    }

    /** Locust keeps whole milliseconds; round rather than truncate so sub-millisecond answers are not all 0. */
    private static long millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000_000.0);
    }
}
