#!/usr/bin/python3
"""Two builds side by side in one run, so the shared machine's noise falls on both: each jar gets its own
stack (redis-server, service, key), and their requests are interleaved.

  miss: all-nodes misses (a new window before each), end-to-end minus the answer's inference_time_ms, with
        the hit of the same bytes right after; both stacks alternate miss by miss.
  tail: one-node hits with a key of a limited tier (limit far above the load) at about half of peak
        (wrk -c26, 2 ms pause after each answer), runs alternating between the stacks; p99 per run.

Usage: /usr/bin/python3 bench/compare_builds.py miss|tail OLD.jar NEW.jar [--rounds 4] [--samples 100]
       [--old-flag -Ddw.x=y ...] [--new-flag ...]   (the same jar twice with flags compares settings)
Either jar may be the service's (service/target/roadcast.jar) or the bench jar's (bench/java/target/
roadcast-bench.jar, built if missing): neither side here uses the /bench/* baselines.
Needs Debian's redis-server and wrk. Loopback only, bounded in requests and time.
"""
import argparse
import json
import os
import statistics
import sys
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from misspath import Connection  # noqa: E402
from stack import START, Stack  # noqa: E402
from wrk import wrk  # noqa: E402

ALL = {"horizons": [3, 6, 9, 12]}
ONE = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
HUGE = "1000000000"


class Side:
    """One build's stack, with a window of its own that moves one step per miss."""

    def __init__(self, jar, flags):
        limits = [f"-Ddw.rateLimits.tiers.bench.{c}={HUGE}" for c in ("predict", "nodes", "ingest")]
        self.stack = Stack(redis=True, extra=[*limits, *flags], jar=jar)
        self.limited = self.stack.create_key("bench", "read")
        self.row = 1300
        for _ in range(12):
            self.step()

    def step(self):
        """Ingests the next row (data rows repeat once used up; the time keeps moving)."""
        rows = self.stack.data_rows()
        header, values = rows[0], rows[1:]
        items = [{"timestamp": (START + timedelta(minutes=5 * self.row)).isoformat(),
                  "speeds": dict(zip(header, map(float, values[self.row % len(values)])))}]
        self.row += 1
        status, _, body = self.stack.request("POST", "/v1/observations", {"observations": items})
        assert status == 202, body

    def warm(self, request, seconds):
        self.stack.request("POST", "/v1/predict", request)
        wrk(self.stack.url("/v1/predict"), json.dumps(request).encode(), self.limited, seconds=seconds, connections=16)


def compare_misses(sides, rounds, samples):
    conns = {name: Connection(side.stack.port, side.stack.key, ALL) for name, side in sides.items()}

    def miss(name):
        sides[name].step()
        elapsed, cache, body = conns[name].predict()
        assert cache == "MISS", cache
        hit = conns[name].predict()[0]
        inference = json.loads(body)["inference_time_ms"]
        return elapsed - inference, hit

    for _ in range(300):
        for name in sides:
            miss(name)
    every = {name: [] for name in sides}
    for r in range(rounds):
        got = {name: ([], []) for name in sides}
        for i in range(samples):
            for name in (list(sides) if i % 2 == 0 else list(reversed(sides))):
                over, hit = miss(name)
                got[name][0].append(over)
                got[name][1].append(hit)
        print(f"round {r}: " + " | ".join(f"{name}: over inference p50 {statistics.median(o):.3f} ms, p90 "
                                           f"{statistics.quantiles(o, n=10)[-1]:.3f}; hit p50 {statistics.median(h):.3f}"
                                           for name, (o, h) in got.items()), flush=True)
        for name in sides:
            every[name] += got[name][0]
    old, new = (statistics.median(every[name]) for name in sides)
    print(f"all rounds: old {old:.3f} ms, new {new:.3f} ms over inference (new - old {new - old:+.3f} ms)")


def compare_tails(sides, rounds):
    body = json.dumps(ONE).encode()
    runs = {name: [] for name in sides}
    for r in range(rounds):
        for name in (list(sides) if r % 2 == 0 else list(reversed(sides))):
            side = sides[name]
            runs[name].append(wrk(side.stack.url("/v1/predict"), body, side.limited, seconds=10, connections=26,
                                  delay_ms=2))
    for name, rs in runs.items():
        print(f"{name}: req/s {[round(x['rps']) for x in rs]}; p50 {[x['p50'] for x in rs]}; p99 "
              f"{[x['p99'] for x in rs]}; median p50 {statistics.median(x['p50'] for x in rs):.3f} ms, "
              f"median p99 {statistics.median(x['p99'] for x in rs):.3f} ms")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("miss", "tail"))
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--samples", type=int, default=100, help="misses per side and round")
    parser.add_argument("--old-flag", action="append", default=[])
    parser.add_argument("--new-flag", action="append", default=[])
    args = parser.parse_args()
    sides = {}
    try:
        sides["old"] = Side(args.old, args.old_flag)
        sides["new"] = Side(args.new, args.new_flag)
        for side in sides.values():
            side.warm(ALL if args.what == "miss" else ONE, 15 if args.what == "miss" else 25)
        if args.what == "miss":
            compare_misses(sides, args.rounds, args.samples)
        else:
            compare_tails(sides, args.rounds)
    finally:
        for side in sides.values():
            side.stack.stop()


if __name__ == "__main__":
    main()
