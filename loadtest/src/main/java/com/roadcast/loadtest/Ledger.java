package com.roadcast.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every request this worker sent and what became of it, counted when it finished, independent of Locust's
 * reports: answered (2xx with the right body), refused by a rate limit (429, by tier and endpoint class: the
 * service was right to refuse), or failed (any other status, a wrong body, an I/O error or a timeout, by kind).
 * Response times of answered requests are kept per route, rounded like Locust rounds them. Written as JSON
 * when the worker exits; loadtest/report.py adds up the workers' files.
 */
final class Ledger {
    private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> refusedByTier = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> failedByKind = new ConcurrentHashMap<>();
    private final LongAdder ioErrors = new LongAdder();
    private final LongAdder setupRequests = new LongAdder();

    /** A request made to prepare the test (learning the sensor ids), not part of it; the service counts it too. */
    void setup() {
        setupRequests.increment();
    }

    void answered(String route, long millis) {
        route(route).answered.computeIfAbsent(rounded(millis), ignored -> new LongAdder()).increment();
    }

    void refused(String route, String tier, String endpointClass) {
        route(route).refused.increment();
        refusedByTier.computeIfAbsent(tier, ignored -> new ConcurrentHashMap<>())
                .computeIfAbsent(endpointClass, ignored -> new LongAdder()).increment();
    }

    /** {@code answered} is false when no HTTP answer came (an I/O error or a timeout): the service may not count it. */
    void failed(String route, String kind, boolean answered) {
        route(route).failed.increment();
        failedByKind.computeIfAbsent(kind, ignored -> new LongAdder()).increment();
        if (!answered) {
            ioErrors.increment();
        }
    }

    long count(Outcome outcome) {
        return routes.values().stream().mapToLong(route -> route.count(outcome)).sum();
    }

    Map<String, Object> toMap(long inFlightAtExit) {
        Map<String, Object> routeMaps = new TreeMap<>();
        routes.forEach((name, route) -> routeMaps.put(name, route.toMap()));
        Map<String, Object> refused = new TreeMap<>();
        refusedByTier.forEach((tier, byClass) -> refused.put(tier, sums(byClass)));
        return Map.of(
                "answered", count(Outcome.ANSWERED),
                "refused", count(Outcome.REFUSED),
                "failed", count(Outcome.FAILED),
                "io_errors", ioErrors.sum(),
                "in_flight_at_exit", inFlightAtExit,
                "setup_requests", setupRequests.sum(),
                "refused_by_tier", refused,
                "failed_by_kind", sums(failedByKind),
                "routes", routeMaps);
    }

    void write(Path file, long inFlightAtExit) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), toMap(inFlightAtExit));
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** Locust's rounding: whole milliseconds below 100, then two significant digits. */
    static long rounded(long millis) {
        if (millis < 100) {
            return millis;
        }
        if (millis < 1000) {
            return Math.round(millis / 10.0) * 10;
        }
        if (millis < 10_000) {
            return Math.round(millis / 100.0) * 100;
        }
        return Math.round(millis / 1000.0) * 1000;
    }

    private Route route(String name) {
        return routes.computeIfAbsent(name, ignored -> new Route());
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sums = new TreeMap<>();
        adders.forEach((name, adder) -> sums.put(name, adder.sum()));
        return sums;
    }

    enum Outcome { ANSWERED, REFUSED, FAILED }

    private static final class Route {
        private final ConcurrentMap<Long, LongAdder> answered = new ConcurrentHashMap<>();
        private final LongAdder refused = new LongAdder();
        private final LongAdder failed = new LongAdder();

        long count(Outcome outcome) {
            return switch (outcome) {
                case ANSWERED -> answered.values().stream().mapToLong(LongAdder::sum).sum();
                case REFUSED -> refused.sum();
                case FAILED -> failed.sum();
            };
        }

        Map<String, Object> toMap() {
            Map<String, Long> times = new TreeMap<>();
            answered.forEach((millis, adder) -> times.put(Long.toString(millis), adder.sum()));
            return Map.of("answered", count(Outcome.ANSWERED), "refused", refused.sum(), "failed", failed.sum(),
                    "answered_ms", times);
        }
    }
}
