#!/usr/bin/python3
"""Memory under load: 1000 concurrent keep-alive connections for 60 s through Nginx (upstream
keepalive sized to the load) against one instance with a 256 MB heap: zero errors, resident set under
512 MB; then optionally a soak at a steady load showing whether the resident set grows, with the JVM's
native memory tracking (NMT) summary at the soak's start and end saying where any growth went.

The heap is fixed and pre-touched (-Xms256m -Xmx256m -XX:+AlwaysPreTouch), as a server JVM should run:
the resident set then starts at its working size, and growth during the soak is real (native memory,
metaspace, threads, code), not the heap being touched for the first time.

Usage: /usr/bin/python3 bench/memory_bench.py [--connections 1000] [--seconds 60] [--soak 600] [--direct] [--every-node]
Needs: the bench jar (built if missing), redis-server, nginx and wrk (Debian). Loopback only, bounded in time.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nginx import Nginx  # noqa: E402
from stack import Stack  # noqa: E402
from wrk import wrk  # noqa: E402

ONE = {"horizons": [3, 6, 9, 12], "nodes": ["773869"]}
HEAP = ["-Xms256m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary"]


class RssSampler(threading.Thread):
    """Samples the service's resident set every `period` seconds while running."""

    def __init__(self, stack, period):
        super().__init__(daemon=True)
        self.stack, self.period, self.samples, self.running = stack, period, [], True
        self.start_time = time.time()

    def run(self):
        while self.running:
            self.samples.append((time.time() - self.start_time, self.stack.rss_kb() / 1024))
            time.sleep(self.period)

    def stop(self):
        self.running = False
        self.join()
        return self.samples


def native_memory(stack):
    """NMT's committed KB per category (Java Heap, Class, Thread, Code, GC, Internal, Other, ...)."""
    out = subprocess.run(["jcmd", str(stack.service.pid), "VM.native_memory", "summary"],
                         capture_output=True, text=True, check=True).stdout
    committed = {"Total": int(re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", out).group(1))}
    for name, kb in re.findall(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", out, re.M):
        committed[name.strip()] = int(kb)
    return committed


def loaded(stack, url, body, key, seconds, connections, period, threads):
    sampler = RssSampler(stack, period)
    sampler.start()
    result = wrk(url, body, key, seconds=seconds, connections=connections, threads=threads)
    return result, sampler.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--soak", type=int, default=0, help="seconds of steady load after the burst (0: none)")
    parser.add_argument("--direct", action="store_true", help="straight to the service, no Nginx")
    parser.add_argument("--set", action="append", default=[], help="a -Ddw. override, e.g. server.maxThreads=128")
    parser.add_argument("--every-node", action="store_true",
                        help="ask for every node at every horizon (the largest answer, 240 KB) instead of one node")
    args = parser.parse_args()
    stack = Stack(redis=True, heap="256m", extra=[*HEAP, "-Ddw.rateLimits.tiers.bench.predict=1000000000",
                                                  "-Ddw.rateLimits.tiers.bench.nodes=1000", "-Ddw.rateLimits.tiers.bench.ingest=1000",
                                                  *(f"-Ddw.{setting}" for setting in args.set)])
    nginx = None
    try:
        key = stack.create_key("bench", "read")
        stack.ingest_rows(1300, 12)
        request = {} if args.every_node else ONE
        body = json.dumps(request).encode()
        stack.request("POST", "/v1/predict", request)
        if args.direct:
            url, route = stack.url("/v1/predict"), "direct to the service"
        else:
            nginx = Nginx(stack.port, keepalive=args.connections)
            url, route = nginx.url("passthrough", "/v1/predict"), f"through Nginx (upstream keepalive {args.connections})"
        idle = stack.rss_kb() / 1024
        burst, samples = loaded(stack, url, body, key, args.seconds, args.connections, 1, 2)
        print(f"RSS before load {idle:.0f} MB; {args.connections} connections for {args.seconds} s {route}: "
              f"{burst['rps']:.0f} req/s, p50 {burst['p50']:.2f} ms, p99 {burst['p99']:.2f} ms, "
              f"non-2xx {burst['non2xx']}, socket errors: {burst['socket_errors'] or 'none'}; "
              f"RSS max {max(s[1] for s in samples):.0f} MB, at the end {samples[-1][1]:.0f} MB", flush=True)
        if args.soak:
            before = native_memory(stack)
            soak, samples = loaded(stack, url, body, key, args.soak, 64, 10, 1)
            after = native_memory(stack)
            minute = [mb for t, mb in samples if t <= 60]
            last = [mb for t, mb in samples if t >= args.soak - 60]
            print(f"soak {args.soak} s at -c64 {route}: {soak['rps']:.0f} req/s, p99 {soak['p99']:.2f} ms, non-2xx "
                  f"{soak['non2xx']}, socket errors: {soak['socket_errors'] or 'none'}; RSS first minute mean "
                  f"{sum(minute) / len(minute):.0f} MB, last minute mean {sum(last) / len(last):.0f} MB, "
                  f"max {max(s[1] for s in samples):.0f} MB")
            print("RSS samples (s, MB): " + ", ".join(f"{t:.0f}:{mb:.0f}" for t, mb in samples[::6]))
            print("NMT committed MB at the soak's start -> end (changes over 1 MB): " + ", ".join(
                f"{name} {before.get(name, 0) / 1024:.0f} -> {kb / 1024:.0f}" for name, kb in after.items()
                if name == "Total" or abs(kb - before.get(name, 0)) > 1024))
    finally:
        if nginx:
            nginx.stop()
        stack.stop()


if __name__ == "__main__":
    main()
