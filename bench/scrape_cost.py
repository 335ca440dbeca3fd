#!/usr/bin/python3
"""Scrape cost: throughput of a cache hit under wrk with no scraper, with a scraper reading the
admin /metrics once a second (Prometheus's usual rate is every 15-60 s, so this is already harsh) and ten
times a second, in alternating rounds of the same run against the same instance (real Redis).

Throughput on a shared machine is noisy, so the service's own CPU time is measured too (/proc/PID/stat):
CPU per scrape (300 scrapes on an idle service, after 1000 to let the JIT compile the scrape path) against the CPU the service spent per second under load,
which is the share of a CPU-bound service's throughput that scraping takes.

Usage: /usr/bin/python3 bench/scrape_cost.py [--warmup 20] [--duration 10] [--rounds 4] [--connections 16]
Needs: the bench jar (built if missing), redis-server and wrk (scripts/ensure-packages.sh wrk). Loopback only.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk import wrk  # noqa: E402
from stack import Stack  # noqa: E402


class Scraper(threading.Thread):
    """GETs the admin /metrics every 1/rate seconds on a keep-alive connection, like a Prometheus would."""

    def __init__(self, stack, rate):
        super().__init__(daemon=True)
        self.stack, self.period, self.stopped = stack, 1.0 / rate, threading.Event()
        self.times, self.bytes = [], 0

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.stack.admin, timeout=10)
        next_at = time.perf_counter()
        while not self.stopped.is_set():
            start = time.perf_counter()
            conn.request("GET", "/metrics")
            response = conn.getresponse()
            body = response.read()
            assert response.status == 200, response.status
            self.times.append((time.perf_counter() - start) * 1000)
            self.bytes = len(body)
            next_at += self.period
            self.stopped.wait(max(0.0, next_at - time.perf_counter()))
        conn.close()


def cpu_seconds(pid):
    """User + system CPU time of the process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def idle_scrape_cpu_ms(stack, scrapes=300):
    """CPU per scrape once the JIT has compiled the scrape path (a service is scraped for days)."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.admin, timeout=10)
    for _ in range(1000):
        conn.request("GET", "/metrics")
        conn.getresponse().read()
    time.sleep(1)
    before = cpu_seconds(stack.service.pid)
    for _ in range(scrapes):
        conn.request("GET", "/metrics")
        conn.getresponse().read()
    spent = cpu_seconds(stack.service.pid) - before
    conn.close()
    return spent * 1000 / scrapes


def measure(stack, body, args, rate):
    scraper = Scraper(stack, rate) if rate else None
    if scraper:
        scraper.start()
    cpu_before = cpu_seconds(stack.service.pid)
    result = wrk(stack.url("/v1/predict"), body, stack.key, args.duration, args.connections)
    result["cpu_per_s"] = (cpu_seconds(stack.service.pid) - cpu_before) / args.duration
    if scraper:
        scraper.stopped.set()
        scraper.join()
        result.update(scrapes=len(scraper.times), scrape_ms=statistics.median(scraper.times), scrape_bytes=scraper.bytes)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    rates = {"no scraper": 0, "1 scrape/s": 1, "10 scrapes/s": 10}
    stack = Stack(redis=True)
    try:
        stack.ingest_rows(1300, 12)
        request = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
        body = json.dumps(request).encode()
        stack.request("POST", "/v1/predict", request)
        status, headers, _ = stack.request("POST", "/v1/predict", request)
        assert status == 200 and headers.get("X-Cache") == "HIT", (status, headers)
        wrk(stack.url("/v1/predict"), body, stack.key, args.warmup, args.connections)
        measure(stack, body, argparse.Namespace(duration=20, connections=args.connections), 10)  # JIT the scrape path
        scrape_cpu = idle_scrape_cpu_ms(stack)
        runs = {name: [] for name in rates}
        for i in range(args.rounds):
            order = list(rates.items()) if i % 2 == 0 else list(reversed(rates.items()))
            for name, rate in order:
                runs[name].append(measure(stack, body, args, rate))
    finally:
        stack.stop()
    base = statistics.mean(r["rps"] for r in runs["no scraper"])
    print(f"wrk -t1 -c{args.connections} POST /v1/predict (cache hit, one node, internal key), {args.duration}s x "
          f"{args.rounds} alternating rounds per side after {args.warmup}s warm-up; {os.cpu_count()} cores")
    print("| side | req/s (mean) | req/s per round | p50 ms | p99 ms | vs no scraper | scrapes | scrape p50 ms | "
          "scrape bytes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, results in runs.items():
        rps = statistics.mean(r["rps"] for r in results)
        scrapes = sum(r.get("scrapes", 0) for r in results)
        scrape_ms = f"{statistics.median(r['scrape_ms'] for r in results):.1f}" if scrapes else ""
        scrape_bytes = results[-1].get("scrape_bytes", "")
        per_round = " / ".join(f"{r['rps']:.0f}" for r in results)
        print(f"| {name} | {rps:.0f} | {per_round} | "
              f"{statistics.mean(r['p50'] for r in results):.3f} | {statistics.mean(r['p99'] for r in results):.3f} | "
              f"{rps / base:.3f} | {scrapes or ''} | {scrape_ms} | {scrape_bytes} |")
    for name in list(rates)[1:]:
        ratios = [r["rps"] / b["rps"] for r, b in zip(runs[name], runs["no scraper"])]
        print(f"{name}: per-round throughput ratio to the no-scraper run of the same round: geometric mean "
              f"{statistics.geometric_mean(ratios):.3f}, median {statistics.median(ratios):.3f}, "
              f"range {min(ratios):.2f}-{max(ratios):.2f}")
    print(f"non-2xx responses in all runs: {sum(r['non2xx'] for v in runs.values() for r in v)}")
    load_cpu = statistics.mean(r["cpu_per_s"] for r in runs["no scraper"])
    print(f"\nService CPU: {scrape_cpu:.1f} ms per scrape (idle, 300 scrapes after 1000 to warm up); {load_cpu:.2f} CPU-s/s under wrk "
          f"without a scraper. Scraping takes {scrape_cpu / 1000 / load_cpu * 100:.2f}% of that at 1 scrape/s, "
          f"{10 * scrape_cpu / 1000 / load_cpu * 100:.2f}% at 10 scrapes/s.")


if __name__ == "__main__":
    main()
