#!/usr/bin/python3
"""Cache benchmark (issue 3): latency and throughput of forecast cache hits for one node and for all
207 nodes, through the full request path (auth, cache, serialization), against a bare Dropwizard
resource returning the same bytes in the same run; and the miss path's overhead over inference.

Usage: /usr/bin/python3 bench/cache_bench.py [--warmup 30] [--duration 15] [--connections 16]
Needs: a built jar (mvn -DskipTests package), redis-server and wrk (Debian packages). Loopback only.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import Stack  # noqa: E402

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(stack, path, body, key, seconds, connections):
    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
        f.write(body)
    env = dict(os.environ, BODY_FILE=f.name, KEY=key)
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency",
                          "-s", os.path.join(os.path.dirname(__file__), "wrk_post.lua"), stack.url(path)],
                         env=env, capture_output=True, text=True, check=True).stdout
    os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"\b(50|99)%\s+([\d.]+)(us|ms|s)\b", out)}
    if "50" not in pct or "99" not in pct:
        raise RuntimeError("cannot read wrk's latency distribution:\n" + out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct["50"], "p99": pct["99"], "non2xx": int(errors.group(1)) if errors else 0}


def compare(stack, name, request, args, limited_key):
    """Bare baseline vs cache hit with an unlimited (internal) key vs with a limited-tier key."""
    body = json.dumps(request).encode()
    stack.request("POST", "/v1/predict", request)
    status, headers, hit = stack.request("POST", "/v1/predict", request)
    assert status == 200 and headers.get("X-Cache") == "HIT", (status, headers)
    assert stack.request("PUT", "/bench/baseline", hit, key=False)[0] == 204
    sides = {"baseline": ("/bench/baseline", ""), "hit": ("/v1/predict", stack.key),
             "hit_limited": ("/v1/predict", limited_key)}
    for path, key in sides.values():
        wrk(stack, path, body, key, args.warmup, args.connections)
    runs = {side: [] for side in sides}
    for _ in range(2):
        for side, (path, key) in sides.items():
            runs[side].append(wrk(stack, path, body, key, args.duration, args.connections))
    mean = {k: {m: statistics.mean(r[m] for r in v) for m in ("rps", "p50", "p99")} for k, v in runs.items()}
    errors = sum(r["non2xx"] for v in runs.values() for r in v)
    return {"name": name, "bytes": len(hit), **mean, "errors": errors}


def miss_path(stack, first_row, samples):
    """A new window before each request (all nodes) on one keep-alive connection; the hit right after
    returns the same bytes, so miss minus hit is what computing costs beyond moving the answer."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.port)
    headers = {"Content-Type": "application/json", "X-API-Key": stack.key}
    body = json.dumps({"horizons": [3, 6, 9, 12]})

    def timed():
        start = time.perf_counter()
        conn.request("POST", "/v1/predict", body, headers)
        response = conn.getresponse()
        data = response.read()
        return (time.perf_counter() - start) * 1000, response.getheader("X-Cache"), data

    overheads, inference, hits = [], [], []
    for i in range(samples):
        stack.ingest_rows(first_row + i, 1)
        elapsed, cache, data = timed()
        assert cache == "MISS", cache
        ms = json.loads(data)["inference_time_ms"]
        inference.append(ms)
        overheads.append(elapsed - ms)
        hits.append(timed()[0])
    conn.close()
    return {"inference_p50": statistics.median(inference), "overhead_p50": statistics.median(overheads),
            "overhead_p90": statistics.quantiles(overheads, n=10)[-1], "hit_p50": statistics.median(hits)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    # a tier whose limit sits far above the offered load, so every request pays the shared limit decision
    huge = "1000000000"
    stack = Stack(redis=True, extra=[f"-Ddw.rateLimits.tiers.bench.{c}={huge}" for c in ("predict", "nodes", "ingest")])
    try:
        limited_key = stack.create_key("bench", "read")
        stack.ingest_rows(1300, 12)
        results = [compare(stack, "one node, 4 horizons", {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}, args,
                           limited_key),
                   compare(stack, "all 207 nodes, 4 horizons", {"horizons": [3, 6, 9, 12]}, args, limited_key)]
        miss = miss_path(stack, 1312, 60)
    finally:
        stack.stop()
    print(f"wrk -t1 -c{args.connections}, {args.duration}s x2 per side after {args.warmup}s warm-up each; "
          f"{os.cpu_count()} cores")
    print("| request | body bytes | side | req/s | p50 ms | p99 ms | p50 vs baseline | req/s vs baseline |")
    print("|---|---|---|---|---|---|---|---|")
    labels = {"baseline": "bare resource, same bytes", "hit": "cache hit, internal key (auth)",
              "hit_limited": "cache hit, limited tier (auth + Redis limit)"}
    for r in results:
        base = r["baseline"]
        for side, label in labels.items():
            m = r[side]
            print(f"| {r['name']} | {r['bytes']} | {label} | {m['rps']:.0f} | {m['p50']:.3f} | {m['p99']:.3f} | "
                  f"{m['p50'] / base['p50']:.2f} | {m['rps'] / base['rps']:.2f} |")
        print(f"| {r['name']} | | rate limit cost (limited / internal) | | | | "
              f"{r['hit_limited']['p50'] / r['hit']['p50']:.2f} | {r['hit_limited']['rps'] / r['hit']['rps']:.2f} |")
    print(f"non-2xx responses in all runs: {sum(r['errors'] for r in results)}")
    print(f"\nMiss path (new window each time, all nodes, keep-alive): inference p50 {miss['inference_p50']:.2f} ms, "
          f"end-to-end minus inference p50 {miss['overhead_p50']:.2f} ms, p90 {miss['overhead_p90']:.2f} ms; "
          f"a hit returning the same bytes p50 {miss['hit_p50']:.2f} ms")


if __name__ == "__main__":
    main()
