#!/usr/bin/python3
"""The performance budget in one run: cache hits through the full chain (served below
Jersey by forecast/PredictServletFilter) against baseline A (a bare resource in the bench jar, which wraps the
service, returning the same bytes) and baseline B (the seeds' design: FastAPI + uvicorn + redis-py), and
the same bytes from a bare servlet filter below Jersey (the ceiling of a hit path that bypasses Jersey), at peak and at half of
peak (beside the same hit served through Jersey with no key check and no rate limit, /bench/predict,
and where the limited tier against the internal key shows what the rate limit adds), the limited hit on a
second instance counting its budget with the sliding window (rateLimits.algorithm: sliding, its own Redis)
against the same hit under fixed windows (and that instance's internal key, so the two JVMs' own
difference shows), all-nodes hits,
gzip four ways, and the miss path's cost over inference. Sides are interleaved (A, hit, limited, B, A, ...) so noise from the
shared 2-core machine spreads over all of them; the ratios are what counts.

Usage: /usr/bin/python3 bench/budget_bench.py [--warmup 60] [--duration 10] [--connections 64] [--half-rounds 5]
Needs: the bench jar (bench/java/target/roadcast-bench.jar, built if missing) and Debian's redis-server,
wrk, nginx, python3-fastapi, python3-uvicorn, python3-redis, python3-uvloop, python3-httptools. Loopback only, bounded in time.
"""
import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from misspath import miss_path  # noqa: E402
from nginx import Nginx  # noqa: E402
from stack import Seeds, Stack  # noqa: E402
from wrk import wrk  # noqa: E402

ONE = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
ALL = {"horizons": [3, 6, 9, 12]}
HUGE = "1000000000"


def prime(stack, request):
    stack.request("POST", "/v1/predict", request)
    status, headers, hit = stack.request("POST", "/v1/predict", request)
    assert status == 200 and headers.get("X-Cache") == "HIT", (status, headers)
    return hit


def rounds(sides, times, average=statistics.mean, **options):
    """Runs every side `times` times, interleaved; returns the averaged figures and the error count per side."""
    runs = {name: [] for name in sides}
    for _ in range(times):
        for name, (url, body, key, extra) in sides.items():
            runs[name].append(wrk(url, body, key, **{**options, **extra}))
    return {name: {**{m: average([r[m] for r in rs]) for m in ("rps", "p50", "p90", "p99")},
                   "runs": rs, "non2xx": sum(r["non2xx"] for r in rs),
                   "socket_errors": [r["socket_errors"] for r in rs if r["socket_errors"]]}
            for name, rs in runs.items()}


def table(title, results, base):
    print(f"\n{title}\n", flush=True)
    print("| side | req/s | p50 ms | p90 ms | p99 ms | req/s vs A | non-2xx |")
    print("|---|---|---|---|---|---|---|")
    for name, m in results.items():
        print(f"| {name} | {m['rps']:.0f} | {m['p50']:.3f} | {m['p90']:.3f} | {m['p99']:.3f} | "
              f"{m['rps'] / results[base]['rps']:.2f} | {m['non2xx']}{' ' + str(m['socket_errors']) if m['socket_errors'] else ''} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=60, help="seconds of JIT warm-up load, all shapes")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--half-rounds", type=int, default=5, help="interleaved runs per side at half peak")
    args = parser.parse_args()
    huge = [f"-Ddw.rateLimits.tiers.bench.{c}={HUGE}" for c in ("predict", "nodes", "ingest")]
    stack = Stack(redis=True, extra=huge)
    helpers = []
    try:
        sliding = Stack(redis=True, extra=[*huge, "-Ddw.rateLimits.algorithm=sliding"])
        helpers.append(sliding)
        limited, sliding_key = stack.create_key("bench", "read"), sliding.create_key("bench", "read")
        stack.ingest_rows(1300, 12)
        sliding.ingest_rows(1300, 12)
        one, every = json.dumps(ONE).encode(), json.dumps(ALL).encode()
        one_hit, all_hit = prime(stack, ONE), prime(stack, ALL)
        prime(sliding, ONE)
        slid = sliding.url("/v1/predict")
        best = Seeds(stack, one_hit, "best")
        seeds = Seeds(stack, one_hit, "seeds", ("--loop", "asyncio", "--http", "h11"))
        nginx = Nginx(stack.port)
        helpers += [best, seeds, nginx]
        base, predict, bare_hit = stack.url("/bench/baseline"), stack.url("/v1/predict"), stack.url("/bench/predict")
        servlet = stack.url("/bench/servlet")
        c, d = args.connections, args.duration
        assert stack.request("PUT", "/bench/baseline", one_hit, key=False)[0] == 204
        status, headers, same = stack.request("POST", "/bench/predict", ONE, key=False)
        assert status == 200 and headers.get("X-Cache") == "HIT" and same == one_hit, (status, headers)
        assert stack.request("POST", "/bench/servlet", one, key=False)[2] == one_hit

        share = max(1, args.warmup // 6)
        for url, body, key in ((base, one, ""), (servlet, one, ""), (bare_hit, one, ""), (predict, one, stack.key), (predict, one, limited),
                               (predict, every, limited), (slid, one, sliding_key)):
            wrk(url, body, key, seconds=share, connections=c)
        wrk(best.url(), one, best.key, seconds=5, connections=c)
        # the sliding instance gets as much warm-up as the first one had over its sides
        for key in (sliding.key, sliding_key, sliding.key, sliding_key, sliding.key, sliding_key):
            wrk(slid, one, key, seconds=share, connections=c)

        print(f"wrk 4.1.0 -t1; {d} s per run, each side run twice, interleaved, after {args.warmup} s of JIT warm-up; "
              f"{os.cpu_count()} cores; one-node body {len(one_hit)} bytes, all-nodes body {len(all_hit)} bytes", flush=True)
        peak = rounds({"A: bare resource": (base, one, "", {}),
                       "bare servlet filter, no Jersey (ceiling)": (servlet, one, "", {}),
                       "hit, internal key": (predict, one, stack.key, {}),
                       "hit, limited tier": (predict, one, limited, {}),
                       "sliding instance, hit, internal key": (slid, one, sliding.key, {}),
                       "hit, limited tier, sliding window": (slid, one, sliding_key, {}),
                       "B: FastAPI async, uvloop, httptools": (best.url(), one, best.key, {})}, 2, seconds=d, connections=c)
        table(f"One node, peak (-c{c})", peak, "A: bare resource")
        hit = peak["hit, limited tier"]["rps"]
        print(f"\nlimited hit vs B at its best: {hit / peak['B: FastAPI async, uvloop, httptools']['rps']:.2f}x; "
              f"limited vs internal: {hit / peak['hit, internal key']['rps']:.2f}x throughput, "
              f"{peak['hit, limited tier']['p50'] / peak['hit, internal key']['p50']:.2f}x p50; "
              f"sliding vs fixed window, limited tier: {peak['hit, limited tier, sliding window']['rps'] / hit:.2f}x "
              f"throughput, {peak['hit, limited tier, sliding window']['p50'] / peak['hit, limited tier']['p50']:.2f}x p50; "
              f"on the sliding instance, limited vs internal: "
              f"{peak['hit, limited tier, sliding window']['rps'] / peak['sliding instance, hit, internal key']['rps']:.2f}x "
              f"throughput", flush=True)
        target = peak["hit, limited tier"]["rps"] / 2
        # each connection waits 2 ms after every answer: ~connections x 1000 / (2 ms + latency) requests/s
        paced = max(1, round(target * 2.2 / 1000))
        half = rounds({"A: bare resource": (base, one, "", {}),
                       "hit through Jersey, no key check, no rate limit": (bare_hit, one, "", {}),
                       "hit, internal key": (predict, one, stack.key, {}),
                       "hit, limited tier": (predict, one, limited, {}),
                       "hit, limited tier, sliding window": (slid, one, sliding_key, {})}, args.half_rounds, statistics.median,
                      seconds=d, connections=paced, delay_ms=2)
        table(f"One node, about half of the limited hit's peak ({target:.0f} req/s offered: -c{paced}, 2 ms pause "
              f"after each answer; medians of {args.half_rounds} interleaved runs)", half, "A: bare resource")
        jersey, internal = half["hit through Jersey, no key check, no rate limit"], half["hit, internal key"]
        print("\nWhat the exact shared rate limit adds to a cache hit (bar: auth + limits at most 15%): limited "
              f"tier vs internal key p50 {half['hit, limited tier']['p50'] / internal['p50']:.2f}x, "
              f"p90 {half['hit, limited tier']['p90'] / internal['p90']:.2f}x; the limited hit below Jersey vs the same "
              f"hit through Jersey without auth or limit: p50 {half['hit, limited tier']['p50'] / jersey['p50']:.2f}x, "
              f"p90 {half['hit, limited tier']['p90'] / jersey['p90']:.2f}x; sliding vs fixed window, limited tier: p50 "
              f"{half['hit, limited tier, sliding window']['p50'] / half['hit, limited tier']['p50']:.2f}x, "
              f"p90 {half['hit, limited tier, sliding window']['p90'] / half['hit, limited tier']['p90']:.2f}x", flush=True)
        for name, m in half.items():
            print(f"  {name}: each run's p50 " + ", ".join(f"{r['p50']:.3f}" for r in m["runs"])
                  + " ms; p90 " + ", ".join(f"{r['p90']:.3f}" for r in m["runs"]) + " ms", flush=True)
        stalled = rounds({"B as the seeds wrote it (def, asyncio, h11)": (seeds.url(), one, seeds.key, {})}, 1,
                         seconds=5, connections=16)

        table("Baseline B as the seeds wrote it (-c16)", stalled, next(iter(stalled)))
        assert stack.request("PUT", "/bench/baseline", all_hit, key=False)[0] == 204
        wrk(base, every, "", seconds=5, connections=c)
        everything = rounds({"A: bare resource": (base, every, "", {}),
                             "hit, internal key": (predict, every, stack.key, {}),
                             "hit, limited tier": (predict, every, limited, {})}, 2, seconds=d, connections=c)
        table(f"All 207 nodes, peak (-c{c})", everything, "A: bare resource")
        gz = {"gzip": True}
        gzipped = rounds({"A: bare resource, no gzip": (base, every, "", {}),
                          "A: bare resource, Jetty gzip on the fly": (base, every, "", gz),
                          "hit, no gzip": (predict, every, limited, {}),
                          "hit, pre-compressed cached bytes": (predict, every, limited, gz),
                          "hit via Nginx, Nginx compresses": (nginx.url("compress", "/v1/predict"), every, limited, gz),
                          "hit via Nginx, passes the pre-compressed bytes": (nginx.url("passthrough", "/v1/predict"),
                                                                             every, limited, gz)},
                         2, seconds=d, connections=c)
        table(f"All 207 nodes with Accept-Encoding: gzip (-c{c})", gzipped, "A: bare resource, no gzip")
        # 300 rows of data are left after the first window: 100 + 100 all-nodes misses, 50 + 50 one-node
        for name, request, first, count in (("all nodes", ALL, 1312, 100), ("one node", ONE, 1512, 50)):
            miss = miss_path(stack, first, count, warmup=count, request=request)
            print(f"\nMiss path, {name} (new window each time, keep-alive): inference p50 {miss['inference_p50']:.2f} ms, "
                  f"end-to-end minus inference p50 {miss['overhead_p50']:.2f} ms, p90 {miss['overhead_p90']:.2f} ms; "
                  f"a hit returning the same bytes p50 {miss['hit_p50']:.2f} ms", flush=True)
    finally:
        for helper in helpers:
            helper.stop()
        stack.stop()


if __name__ == "__main__":
    main()
