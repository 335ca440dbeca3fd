package com.roadcast.loadtest;

import com.github.myzhan.locust4j.Locust;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;

/**
 * Sends a call and reports it to locust4j: a 2xx answer is a success with its response time and body size, any
 * other status (429 included) or an I/O error is a failure named by what happened.
 *
 * <p>Locust counts a failed request as a request (with its time and size) plus an error; locust4j's
 * {@code recordFailure} counts only the error and drops the time, so Locust's request count would miss every
 * failure. A failure is therefore recorded as both: the request, then the error.
 */
final class ApiClient {
    private final HttpClient http;
    private final RequestBudget budget;

    ApiClient(HttpClient http, RequestBudget budget) {
        this.http = http;
        this.budget = budget;
    }

    void send(ApiCall call) throws InterruptedException {
        budget.spendOne();
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> response = http.send(call.request(), HttpResponse.BodyHandlers.ofByteArray());
            long millis = millisSince(start);
            int status = response.statusCode();
            Locust.getInstance().recordSuccess(call.method(), call.name(), millis, response.body().length);
            if (status < 200 || status >= 300) {
                Locust.getInstance().recordFailure(call.method(), call.name(), millis, "HTTP " + status);
            }
        } catch (IOException e) {
            long millis = millisSince(start);
            Locust.getInstance().recordSuccess(call.method(), call.name(), millis, 0);
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
            Locust.getInstance().recordFailure(call.method(), call.name(), millis, error);
        }
    }

    /** Locust keeps whole milliseconds; round rather than truncate so sub-millisecond answers are not all 0. */
    private static long millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000_000.0);
    }
}
