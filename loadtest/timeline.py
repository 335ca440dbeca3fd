"""Exact time series for the charts, kept by the master next to Locust's own CSVs.

Locust's stats history gives 10-second moving averages that lag the load by seconds, which smears a 10 s spike.
This writes, when the master quits:

- ``PREFIX_per_second.csv``: requests and failures in each second (epoch seconds, as the workers timed them);
- ``PREFIX_latency.csv``: response-time percentiles of the requests reported in each :data:`BUCKET_SECONDS`
  (locust4j reports every 3 s, so finer buckets would be empty or half-filled).
"""

import csv
import time
from collections import defaultdict

from locust.stats import calculate_response_time_percentile

BUCKET_SECONDS = 5
PERCENTILES = (0.50, 0.95, 0.99)


class Timeline:
    def __init__(self):
        self.latency = defaultdict(lambda: defaultdict(int))

    def on_report(self, client_id, data, now=None):
        """A worker_report listener: adds the report's response times to the bucket it arrived in."""
        arrived = time.time() if now is None else now
        bucket = self.latency[int(arrived // BUCKET_SECONDS) * BUCKET_SECONDS]
        for millis, count in data["stats_total"]["response_times"].items():
            bucket[int(millis)] += count

    def latency_rows(self):
        for start in sorted(self.latency):
            times = self.latency[start]
            requests = sum(times.values())
            if requests:
                yield [start, requests] + [calculate_response_time_percentile(times, requests, p) for p in PERCENTILES]

    def write(self, prefix, total):
        """Writes both files; ``total`` is the master's aggregated StatsEntry."""
        with open(prefix + "_per_second.csv", "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["Timestamp", "Requests", "Failures"])
            for second in sorted(total.num_reqs_per_sec):
                out.writerow([second, total.num_reqs_per_sec[second], total.num_fail_per_sec.get(second, 0)])
        with open(prefix + "_latency.csv", "w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["Timestamp", "Requests", "50%", "95%", "99%"])
            out.writerows(self.latency_rows())
