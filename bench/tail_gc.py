#!/usr/bin/python3
"""The one-node cache hit's tail at about half of its peak under two collectors, in one run: two
instances (G1, the production default in systemd/roadcast.service, and ParallelGC), same heap, same
paced load (bench/wrk_post.lua with a 2 ms pause after each answer), runs interleaved; collector
pauses read from each JVM's own -Xlog:gc.

Usage: /usr/bin/python3 bench/tail_gc.py [--heap 256m] [--rounds 3] [--duration 10]
Needs: the bench jar (built if missing) and Debian's redis-server and wrk. Loopback only, bounded in time.
"""
import argparse
import json
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import Stack  # noqa: E402
from wrk import wrk  # noqa: E402

ONE = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
HUGE = "1000000000"


def pauses(log):
    with open(log) as f:
        return [float(ms) for ms in re.findall(r"Pause Young.* ([\d.]+)ms$", f.read(), re.M)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--heap", default="256m")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    args = parser.parse_args()
    body = json.dumps(ONE).encode()
    stacks = {}
    try:
        for name, flag in (("G1", "-XX:+UseG1GC"), ("ParallelGC", "-XX:+UseParallelGC")):
            log = f"/tmp/roadcast-tail-gc-{name}-%p.log"
            stack = Stack(redis=True, heap=args.heap, extra=[flag, f"-Xlog:gc:file={log}"]
                          + [f"-Ddw.rateLimits.tiers.bench.{c}={HUGE}" for c in ("predict", "nodes", "ingest")])
            key = stack.create_key("bench", "read")
            stack.ingest_rows(1300, 12)
            stack.request("POST", "/v1/predict", ONE)
            stacks[name] = (stack, key, log.replace("%p", str(stack.service.pid)))
        for stack, key, _ in stacks.values():
            wrk(stack.url("/v1/predict"), body, key, seconds=30, connections=64)
        runs = {name: [] for name in stacks}
        for _ in range(args.rounds):
            for name, (stack, key, _) in stacks.items():
                runs[name].append(wrk(stack.url("/v1/predict"), body, key, seconds=args.duration, connections=25,
                                      delay_ms=2))
        print(f"One-node hit, limited tier, -Xmx{args.heap}, wrk -t1 -c25 with a 2 ms pause after each answer, "
              f"{args.rounds} interleaved runs of {args.duration} s after 30 s of warm-up\n")
        print("| collector | req/s | p50 ms | p90 ms | p99 ms (each run) | young pauses: count, median, max ms |")
        print("|---|---|---|---|---|---|")
        for name, rs in runs.items():
            young = pauses(stacks[name][2])
            tails = ", ".join(f"{r['p99']:.2f}" for r in rs)
            print(f"| {name} | {statistics.median(r['rps'] for r in rs):.0f} | {statistics.median(r['p50'] for r in rs):.3f} "
                  f"| {statistics.median(r['p90'] for r in rs):.3f} | {tails} "
                  f"| {len(young)}, {statistics.median(young):.2f}, {max(young):.2f} |", flush=True)
    finally:
        for stack, _, _ in stacks.values():
            stack.stop()


if __name__ == "__main__":
    main()
