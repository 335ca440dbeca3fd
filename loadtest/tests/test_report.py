"""The timeline the master records and the report drawn from it, on real files in a temporary directory."""

import csv
import os
import tempfile
import unittest

from locust.stats import RequestStats

import report
from timeline import BUCKET_SECONDS, Timeline


class AgreementTest(unittest.TestCase):
    def test_counts_within_one_percent_agree_after_the_setup_requests(self):
        self.assertTrue(report.agreement(9_950, 100, 10_102, 2)["within_tolerance"])

    def test_counts_further_apart_disagree(self):
        result = report.agreement(9_800, 100, 10_102, 2)
        self.assertAlmostEqual(result["relative_difference"], 0.02)
        self.assertFalse(result["within_tolerance"])

    def test_no_requests_is_never_agreement(self):
        self.assertFalse(report.agreement(0, 5, 7, 2)["within_tolerance"])


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
