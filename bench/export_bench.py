#!/usr/bin/python3
"""Heap of a whole-range export: ingests 31 days x every sensor (synthetic steps, one day of 288 per
batch, about 10% of readings missing) into one instance with a small heap, then exports the whole range as
CSV and as JSON, reporting bytes streamed, time, and the heap used after a full GC before and after each
export (jcmd GC.heap_info), with the GC count during it. A streamed export holds one step at a time, so the
heap after it is what it was before, and the 31 days (tens of MB of text) never fit in the heap at once.

Usage: /usr/bin/python3 bench/export_bench.py [--days 31] [--heap 256m] [--embedded]
Needs: a built service jar (mvn -B -q -DskipTests -pl service package; ROADCAST_JAR to run another),
redis-server (unless --embedded) and jcmd. Loopback only; about two minutes.
"""
import argparse
import gzip
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import ROOT, START, Stack  # noqa: E402

SERVICE_JAR = os.environ.get("ROADCAST_JAR", os.path.join(ROOT, "service", "target", "roadcast.jar"))


def heap_used_mb(stack, collect=True):
    """The heap in use (MB), after a full GC when `collect`, and the number of collections so far."""
    pid = str(stack.service.pid)
    if collect:
        subprocess.run(["jcmd", pid, "GC.run"], capture_output=True, check=True)
    out = subprocess.run(["jcmd", pid, "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    used = int(re.search(r"used (\d+)K", out).group(1)) / 1024
    header, values = subprocess.run(["jstat", "-gcutil", pid], capture_output=True, text=True,
                                    check=True).stdout.split("\n")[:2]
    gcs = dict(zip(header.split(), values.split()))
    return used, int(gcs["YGC"]) + int(gcs["FGC"])


def ingest(stack, sensors, days):
    rng = random.Random(7)
    for day in range(days):
        items = []
        for step in range(288):
            speeds = {s: (None if rng.random() < 0.05 else round(rng.uniform(5, 75), rng.choice((1, 2, 3))))
                      for s in sensors if rng.random() >= 0.05}
            items.append({"timestamp": (START + timedelta(days=day, minutes=5 * step)).isoformat(), "speeds": speeds})
        status, _, body = stack.request("POST", "/v1/observations", {"observations": items})
        if status != 202:
            raise RuntimeError(f"ingest of day {day} failed: {status} {body[:200]}")


def export(stack, path, accept):
    """Streams the export to nowhere; returns (status, bytes, seconds, gzip bytes of the first MB, rows)."""
    request = urllib.request.Request(stack.url(path), headers={"X-API-Key": stack.key, "Accept": accept})
    began, size, lines, head = time.time(), 0, 0, b""
    with urllib.request.urlopen(request, timeout=120) as r:
        while chunk := r.read(1 << 16):
            size += len(chunk)
            lines += chunk.count(b"\n")
            head = head if len(head) >= 1 << 20 else head + chunk
        status = r.status
    return status, size, time.time() - began, len(gzip.compress(head[:1 << 20])), lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--heap", default="256m")
    parser.add_argument("--embedded", action="store_true", help="the history in process instead of Redis")
    args = parser.parse_args()
    stack = Stack(redis=not args.embedded, heap=args.heap, jar=SERVICE_JAR,
                  extra=[f"-Xms{args.heap}", "-Ddw.redis.timeout=2s", f"-Ddw.history.retention={args.days + 1} days",
                         f"-Ddw.history.maxExportRange={args.days} days"])
    try:
        sensors = stack.data_rows()[0]
        began = time.time()
        ingest(stack, sensors, args.days)
        print(f"ingested {args.days} days x {len(sensors)} sensors ({args.days * 288} steps) in "
              f"{time.time() - began:.0f} s into {'the embedded history' if args.embedded else 'Redis'}; "
              f"heap -Xmx{args.heap}", flush=True)
        last = START + timedelta(days=args.days) - timedelta(minutes=5)
        path = f"/v1/observations?from={quote(START.isoformat())}&to={quote(last.isoformat())}"
        for accept in ("text/csv", "application/json"):
            before, gcs_before = heap_used_mb(stack)
            status, size, seconds, gz, lines = export(stack, path, accept)
            _, gcs_after = heap_used_mb(stack, collect=False)
            after, _ = heap_used_mb(stack)
            print(f"{accept}: {status}, {size / 1e6:.1f} MB streamed in {seconds:.1f} s ({size / 1e6 / seconds:.0f} MB/s), "
                  f"{f'{lines - 1} rows' if accept == 'text/csv' else 'one document'}; heap used after GC {before:.1f} MB before -> {after:.1f} MB after; "
                  f"{gcs_after - gcs_before} GCs during the export (first MB gzips to {gz / 1e3:.0f} KB)", flush=True)
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
