"""The timeline the master records and the report drawn from it, on real files in a temporary directory."""

import csv
import os
import tempfile
import unittest

from locust.stats import RequestStats

import report
from timeline import BUCKET_SECONDS, Timeline


def ledger(answered=0, refused=None, failed=None, io_errors=0, in_flight=0, times=None):
    """A worker's ledger as Ledger.java writes it."""
    refused = refused or {}
    failed = failed or {}
    return {
        "answered": answered, "refused": sum(sum(c.values()) for c in refused.values()),
        "failed": sum(failed.values()), "io_errors": io_errors, "in_flight_at_exit": in_flight, "setup_requests": 1,
        "refused_by_tier": refused, "failed_by_kind": failed,
        "routes": {"/v1/predict": {"answered": answered, "refused": 0, "failed": 0, "answered_ms": times or {}}},
    }


class CountCheckTest(unittest.TestCase):
    def test_two_workers_add_up_and_match_the_service_exactly(self):
        merged = report.merge([
            ledger(90, {"standard": {"predict": 4}}, {"HTTP 503": 1}, times={"10": 80, "200": 10}),
            ledger(100, {"standard": {"predict": 1, "nodes": 2}, "premium": {"predict": 3}}, times={"12": 100}),
        ])
        self.assertEqual(merged["refused_by_tier"], {"standard": {"predict": 5, "nodes": 2}, "premium": {"predict": 3}})
        self.assertEqual(merged["routes"]["/v1/predict"]["answered_ms"], {10: 80, 200: 10, 12: 100})
        before = {"requests": 1_000, "refused": {"standard": 50, "premium": 0, "free": 7}}
        after = {"requests": 1_000 + 2 + 190 + 10 + 1, "refused": {"standard": 57, "premium": 3, "free": 7}}
        checked = report.count_check(merged, before, after)
        self.assertTrue(checked["agree"], checked)
        self.assertEqual(checked["refused_by_tier"]["free"], {"clients": 0, "service": 0, "agree": True})

    def test_one_request_apart_is_a_mismatch(self):
        merged = report.merge([ledger(100, {"free": {"predict": 2}})])
        before = {"requests": 0, "refused": {}}
        self.assertFalse(report.count_check(merged, before, {"requests": 104, "refused": {"free": 2}})["agree"])
        self.assertFalse(report.count_check(merged, before, {"requests": 103, "refused": {"free": 3}})["agree"])
        self.assertTrue(report.count_check(merged, before, {"requests": 103, "refused": {"free": 2}})["agree"])

    def test_requests_without_an_answer_may_or_may_not_have_reached_the_service(self):
        merged = report.merge([ledger(100, failed={"HttpTimeoutException": 2}, io_errors=2)])
        before = {"requests": 0, "refused": {}}
        for server in (101, 102, 103):
            self.assertTrue(report.count_check(merged, before, {"requests": server, "refused": {}})["agree"], server)
        self.assertFalse(report.count_check(merged, before, {"requests": 104, "refused": {}})["agree"])

    def test_no_requests_is_never_agreement(self):
        merged = report.merge([ledger()])
        self.assertFalse(report.count_check(merged, {"requests": 0, "refused": {}}, {"requests": 1, "refused": {}})["agree"])

    def test_percentiles_of_answered_requests_per_route(self):
        table = report.latency_by_route(report.merge([ledger(100, times={"5": 50, "10": 45, "100": 4, "900": 1})])["routes"])
        self.assertEqual((table["/v1/predict"]["p50_ms"], table["/v1/predict"]["p95_ms"], table["/v1/predict"]["p99_ms"]), (5, 10, 100))
        self.assertEqual(table["all"]["p99_ms"], 100)
        self.assertIsNone(report.percentile({}, 0.5))


class TargetsTest(unittest.TestCase):
    def test_availability_counts_failures_not_refusals_and_times_are_strict_bounds(self):
        merged = report.merge([ledger(999, {"free": {"predict": 500}}, {"HTTP 502": 1}, times={"150": 980, "400": 19})])
        verdicts = report.judged("availability=0.999,p95_ms=200,p99_ms=400", merged, report.latency_by_route(merged["routes"]))
        self.assertTrue(verdicts["availability"]["met"])
        self.assertTrue(verdicts["p95_ms"]["met"])
        self.assertFalse(verdicts["p99_ms"]["met"], "400 ms is not under 400 ms")

    def test_an_unknown_target_is_refused(self):
        with self.assertRaises(ValueError):
            report.judged("p90_ms=100", report.merge([ledger(1)]), {"all": {}})


class TimelineTest(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.prefix = os.path.join(self.directory.name, "run")

    def tearDown(self):
        self.directory.cleanup()

    def test_latency_is_bucketed_by_report_arrival(self):
        timeline = Timeline()
        start = 1_000 * BUCKET_SECONDS
        timeline.on_report("w1", {"stats_total": {"response_times": {1: 90, 40: 10}}}, now=start + 1)
        timeline.on_report("w2", {"stats_total": {"response_times": {2: 100}}}, now=start + 2)
        timeline.on_report("w1", {"stats_total": {"response_times": {7: 5}}}, now=start + BUCKET_SECONDS)
        rows = list(timeline.latency_rows())
        self.assertEqual(rows[0][:3], [start, 200, 2])
        self.assertEqual(rows[0][4], 40)
        self.assertEqual(rows[1], [start + BUCKET_SECONDS, 5, 7, 7, 7])

    def test_the_report_reads_what_the_master_wrote_and_fills_skipped_seconds(self):
        stats = RequestStats()
        for second, requests in ((100, 3), (101, 0), (102, 4)):
            for _ in range(requests):
                stats.total.num_reqs_per_sec[second] = stats.total.num_reqs_per_sec.get(second, 0) + 1
        stats.total.num_fail_per_sec[102] = 1
        Timeline().write(self.prefix, stats.total)
        with open(self.prefix + "_stats_history.csv", "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["Timestamp", "User Count", "Name"])
            out.writerows([[100, 4, "Aggregated"], [100, 4, "/v1/predict"], [102, 8, "Aggregated"]])
        series = report.timeline(self.prefix)
        self.assertEqual(series["t"], [0, 1, 2])
        self.assertEqual(series["rps"], [3, 0, 4])
        self.assertEqual(series["fails"], [0, 0, 1])
        self.assertEqual(series["users"], [4, 4, 8])


if __name__ == "__main__":
    unittest.main()
