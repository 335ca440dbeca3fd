#!/usr/bin/python3
"""Two builds side by side in one run, so the shared machine's noise falls on both: each jar gets its own
stack (redis-server, service, key), and their requests are interleaved.

  miss: all-nodes misses (a new window before each), end-to-end minus the answer's inference_time_ms, with
        the hit of the same bytes right after; both stacks alternate miss by miss.
  tail: one-node hits with a key of a limited tier (limit far above the load) at about half of peak
        (wrk -c26, 2 ms pause after each answer), runs alternating between the stacks; p99 per run.
  ingest: single-step ingests of all 207 sensors (POST /v1/observations, one item), each a new step one
        5-minute step after the last (rows of the Los-loop data, times shifted past the CSV's end), client
        time to the 202 on one keep-alive raw socket, interleaved sample by sample; per variant (--variants):
        embedded (no Redis) and redis, each also "+history": both sides first take --history steps in
        batches of 288 (every batch timed), so the new build measures with a month in its history. On
        Redis, SLOWLOG (threshold 0) times each Lua script inside Redis: the append's cost against the
        size of the history it appends to, on both builds.

Usage: /usr/bin/python3 bench/compare_builds.py miss|tail|ingest OLD.jar NEW.jar [--rounds 4] [--samples 100]
       [--old-flag -Ddw.x=y ...] [--new-flag ...]   (the same jar twice with flags compares settings)
       ingest: [--variants embedded,redis,embedded+history,redis+history] [--history 8000] [--warmup 200]
       [--pause-ms 10] [--late old|new]  (about 5 minutes with the defaults; stops adding rounds at 9.5)
Either jar may be the service's (service/target/roadcast.jar) or the bench jar's (bench/java/target/
roadcast-bench.jar, built if missing): neither side here uses the /bench/* baselines.
Needs Debian's redis-server and wrk. Loopback only, bounded in requests and time.
"""
import argparse
import hashlib
import json
import os
import statistics
import sys
import time
import zipfile
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from misspath import Connection  # noqa: E402
from stack import START, Stack, resp  # noqa: E402
from wrk import wrk  # noqa: E402

ALL = {"horizons": [3, 6, 9, 12]}
ONE = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
HUGE = "1000000000"


class Side:
    """One build's stack, with a window of its own that moves one step per miss."""

    def __init__(self, jar, flags, redis=True, first_row=1300, steps=12):
        limits = [f"-Ddw.rateLimits.tiers.bench.{c}={HUGE}" for c in ("predict", "nodes", "ingest")]
        self.stack = Stack(redis=redis, extra=[*limits, *flags], jar=jar)
        self.limited = self.stack.create_key("bench", "read")
        self.row = first_row
        for _ in range(steps):
            self.step()

    def items(self, count):
        """The next `count` steps (data rows repeat once used up; the time keeps moving)."""
        rows = self.stack.data_rows()
        header, values = rows[0], rows[1:]
        items = [{"timestamp": (START + timedelta(minutes=5 * r)).isoformat(),
                  "speeds": dict(zip(header, map(float, values[r % len(values)])))}
                 for r in range(self.row, self.row + count)]
        self.row += count
        return items


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


def pct(values, p):
    """The p-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def lua_scripts(jar):
    """The jar's Lua scripts: {SHA1 (EVALSHA's first argument): (name, source)}."""
    with zipfile.ZipFile(jar) as z:
        return {hashlib.sha1(z.read(n)).hexdigest(): (os.path.basename(n), z.read(n))
                for n in z.namelist() if n.endswith(".lua")}


class ScriptTimes:
    """Redis's own time for each command (SLOWLOG with a threshold of 0), read and reset per phase."""

    def __init__(self, side, jar):
        self.port = side.stack.redis_port
        scripts = lua_scripts(jar)
        self.names = {sha: name for sha, (name, _) in scripts.items()}
        for _, source in scripts.values():  # loaded up front: no EVALSHA misses (NOSCRIPT, then EVAL) to skew the log
            resp(self.port, "SCRIPT", "LOAD", source)
        resp(self.port, "CONFIG", "SET", "slowlog-log-slower-than", "0")
        resp(self.port, "CONFIG", "SET", "slowlog-max-len", "200000")
        self.reset()

    def reset(self):
        resp(self.port, "SLOWLOG", "RESET")

    def take(self):
        """{script name: [microseconds, ...] oldest first} since the last reset; the log is reset."""
        entries = resp(self.port, "SLOWLOG", "GET", "200000")
        self.reset()
        times = {}
        for entry in sorted(entries, key=lambda e: e[0]):
            args = entry[3]
            if args and args[0].lower() in (b"evalsha", b"eval") and len(args) > 1:
                name = self.names.get(args[1].decode(), "eval" if args[0].lower() == b"eval" else args[1].decode()[:8])
                times.setdefault(name, []).append(entry[2])
        return times


def summary_us(values):
    return (f"n {len(values)}, p50 {statistics.median(values):.0f} us, p90 {pct(values, 90):.0f}, "
            f"p99 {pct(values, 99):.0f}, max {max(values):.0f}")


LATE_WINDOW = 8000  # --late: the window's 12 steps sit at these rows; the ingests fill rows 0.. behind it


def compare_ingests(args):
    variants = args.variants.split(",")
    results = {}
    deadline = time.time() + 570  # bounded: what is not measured by then is said and skipped
    for variant in variants:
        if time.time() > deadline - 60:
            print(f"\n== {variant}: skipped, out of time (the run is bounded to under 10 minutes)", flush=True)
            continue
        redis = variant.startswith("redis")
        preload = args.history if variant.endswith("+history") else 0
        print(f"\n== {variant}: {'Redis' if redis else 'embedded (no Redis)'}, "
              f"{preload} steps loaded first", flush=True)
        sides, scripts = {}, {}
        try:
            for name, jar, flags in (("old", args.old, args.old_flag), ("new", args.new, args.new_flag)):
                if name in args.late:
                    assert not preload, "--late is for the variants without +history"
                    sides[name] = Side(jar, flags, redis=redis, first_row=LATE_WINDOW, steps=12)
                    sides[name].row = 0  # from here on, steps older than the window: none enters it
                else:
                    sides[name] = Side(jar, flags, redis=redis, first_row=0, steps=0)
                if redis:
                    scripts[name] = ScriptTimes(sides[name], jar)
            if preload:
                batches = {name: [] for name in sides}
                for b in range(0, preload, 288):
                    for name, side in sides.items():
                        body = {"observations": side.items(min(288, preload - b))}
                        began = time.perf_counter()
                        status, _, answer = side.stack.request("POST", "/v1/observations", body)
                        batches[name].append(((time.perf_counter() - began) * 1000, status))
                        if status != 202:
                            print(f"  {name}: batch at {b} steps answered {status}: {answer[:160]!r}", flush=True)
                for name, got in batches.items():
                    ms = [m for m, _ in got]
                    print(f"  {name}: {len(got)} batches of <= 288 steps, client ms first/median/max "
                          f"{ms[0]:.0f}/{statistics.median(ms):.0f}/{max(ms):.0f}; last five "
                          f"{[round(m) for m in ms[-5:]]}; non-202: {sum(1 for _, st in got if st != 202)}", flush=True)
                    if name in scripts:
                        append = scripts[name].take().get("window-append.lua", [])
                        print(f"  {name}: append script in Redis per batch (us), by steps stored before it: "
                              + ", ".join(f"{i * 288}: {us}" for i, us in enumerate(append)), flush=True)
            conns = {name: Connection(side.stack.port, side.stack.key, ALL) for name, side in sides.items()}

            def ingest(name):
                request = conns[name].build("/v1/observations", json.dumps({"observations": sides[name].items(1)}).encode())
                elapsed = conns[name].send(request)[0]
                assert conns[name].status == 202, (name, conns[name].status)
                time.sleep(args.pause_ms / 1000)
                return elapsed

            for i in range(args.warmup):
                for name in (list(sides) if i % 2 == 0 else list(reversed(sides))):
                    ingest(name)
            for script in scripts.values():
                script.reset()
            every = {name: [] for name in sides}
            ratios = []
            for r in range(args.rounds):
                if r and time.time() > deadline:
                    print(f"  out of time after {r} rounds", flush=True)
                    break
                got = {name: [] for name in sides}
                for i in range(args.samples):
                    for name in (list(sides) if i % 2 == 0 else list(reversed(sides))):
                        got[name].append(ingest(name))
                ratios.append(statistics.median(got["new"]) / statistics.median(got["old"]))
                print(f"  round {r}: " + " | ".join(f"{name} p50 {statistics.median(v):.3f} ms, p90 {pct(v, 90):.3f}"
                                                    for name, v in got.items())
                      + f" | new/old p50 {ratios[-1]:.2f}", flush=True)
                for name in sides:
                    every[name] += got[name]
            for name, v in every.items():
                print(f"  {name}: {len(v)} ingests, p50 {statistics.median(v):.3f} ms, p90 {pct(v, 90):.3f}, "
                      f"p99 {pct(v, 99):.3f}, max {max(v):.3f}", flush=True)
            for name, script in scripts.items():
                size = resp(script.port, "ZCARD", "roadcast:history" if name == "new" else "roadcast:window")
                for lua, us in script.take().items():
                    print(f"  {name}: Redis time of {lua} during the rounds: {summary_us(us)} "
                          f"(history/window holds {size} steps at the end)", flush=True)
            old, new = (statistics.median(every[name]) for name in ("old", "new"))
            results[variant] = (old, new, statistics.median(ratios),
                                sum(1 for x in ratios if x <= 1), len(ratios))
            print(f"  {variant}: p50 old {old:.3f} ms, new {new:.3f} ms, new/old {new / old:.2f} (median of "
                  f"per-round ratios {statistics.median(ratios):.2f})", flush=True)
        finally:
            for side in sides.values():
                side.stack.stop()
    print("\n| variant | old p50 ms | new p50 ms | new/old (all samples) | median per-round ratio | rounds new won |")
    print("|---|---|---|---|---|---|")
    for variant, (old, new, ratio, won, n) in results.items():
        print(f"| {variant} | {old:.3f} | {new:.3f} | {new / old:.2f}x | {ratio:.2f}x | {won} of {n} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=("miss", "tail", "ingest"))
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--samples", type=int, default=100, help="misses per side and round")
    parser.add_argument("--old-flag", action="append", default=[])
    parser.add_argument("--new-flag", action="append", default=[])
    parser.add_argument("--variants", default="embedded,redis,embedded+history,redis+history")
    parser.add_argument("--history", type=int, default=8000, help="steps loaded before the +history variants")
    parser.add_argument("--warmup", type=int, default=200, help="ingests per side before the rounds")
    parser.add_argument("--pause-ms", type=float, default=10, help="pause after each ingest (the recorder runs)")
    parser.add_argument("--late", action="append", default=[], choices=("old", "new"),
                        help="that side's steps are older than its window (new to the history, still within the "
                             "retention): no new window, so no forecast of record; the rest of ingest is the same")
    args = parser.parse_args()
    if args.what == "ingest":
        compare_ingests(args)
        return
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
