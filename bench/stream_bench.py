#!/usr/bin/python3
"""The forecast stream under many open streams: latency from an ingest's 202 to the event at every client,
and memory per open stream.

One instance (the production jar by default, `-Xms256m -Xmx256m -XX:+AlwaysPreTouch` so the resident set
starts at its working size) on Redis. First a baseline in the same run: 0 streams (resident set, heap used
after a full GC) and 1 stream (latency over --rounds single-step ingests). Then --streams streams are opened
(stream i asks for node i mod 207 at horizons 3,6,12, so several hundred selections are written per window),
memory is read again, and --rounds more single-step ingests are timed: for each, the time from the client
reading the 202 to each stream's client reading the event whose id is that step (each ingest waits for every
stream's event, or --timeout). Clients are asyncio raw sockets (HTTP/1.1 chunked, parsed as EventSource
does), all on 127.0.0.1, bounded in time.

Usage: /usr/bin/python3 bench/stream_bench.py [--streams 500] [--rounds 20] [--timeout 10]
Needs: a built jar (ROADCAST_JAR, default service/target/roadcast.jar), redis-server and a JDK's jcmd.
"""
import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import ROOT, START, Stack  # noqa: E402
from datetime import timedelta  # noqa: E402

JAR = os.environ.get("ROADCAST_JAR", os.path.join(ROOT, "service", "target", "roadcast.jar"))


class Client:
    """One stream: reads events and notes when each id arrived."""

    def __init__(self, port, key, path):
        self.port, self.key, self.path = port, key, path
        self.arrived = {}
        self.opened = asyncio.get_event_loop().create_future()

    async def run(self):
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write((f"GET {self.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                      f"X-API-Key: {self.key}\r\n\r\n").encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        self.opened.set_result(status)
        if status != 200:
            writer.close()
            return
        self.writer = writer
        pending = b""
        try:
            while True:
                size_line = await reader.readline()
                while size_line == b"\r\n":  # the end of the previous chunk: Jetty sends it with the next one
                    size_line = await reader.readline()
                size = int(size_line.strip(), 16)
                if size == 0:
                    return
                pending += await reader.readexactly(size)
                while b"\n\n" in pending:
                    event, pending = pending.split(b"\n\n", 1)
                    now = time.monotonic()
                    for line in event.split(b"\n"):
                        if line.startswith(b"id:"):
                            self.arrived[datetime.fromisoformat(line[3:].strip().decode())] = now
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            return

    def close(self):
        if hasattr(self, "writer"):
            self.writer.close()


def memory(stack):
    """Resident set (kB) and heap used (kB) after a full GC."""
    subprocess.run(["jcmd", str(stack.service.pid), "GC.run"], check=True, capture_output=True)
    time.sleep(1)
    info = subprocess.run(["jcmd", str(stack.service.pid), "GC.heap_info"], check=True, capture_output=True,
                          text=True).stdout
    used = int(re.search(r"used (\d+)K", info).group(1))
    return stack.rss_kb(), used


def step_id(row):
    return START + timedelta(minutes=5 * row)


async def timed_rounds(stack, clients, first_row, rounds, timeout):
    """Single-step ingests; per ingest, seconds from the 202 to each client's event."""
    loop = asyncio.get_event_loop()
    latencies, missing = [], 0
    for r in range(rounds):
        row = first_row + r
        answered = await loop.run_in_executor(None, ingest_one, stack, row)
        wanted = step_id(row)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not all(wanted in c.arrived for c in clients):
            await asyncio.sleep(0.005)
        for c in clients:
            if wanted in c.arrived:
                latencies.append(c.arrived[wanted] - answered)
            else:
                missing += 1
        await asyncio.sleep(0.2)
    return latencies, missing


def ingest_one(stack, row):
    stack.ingest_rows(row, 1)
    return time.monotonic()


def pct(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def line(name, latencies, missing):
    ms = [v * 1000 for v in latencies]
    print(f"| {name} | {len(ms)} | {missing} | {statistics.median(ms):.1f} | {pct(ms, 90):.1f} | {pct(ms, 99):.1f} | "
          f"{max(ms):.1f} |", flush=True)
    return pct(ms, 99)


async def bench(stack, args):
    nodes = stack.data_rows()[0]
    stack.ingest_rows(0, 12)
    row = 12

    rss0, heap0 = memory(stack)
    one = Client(stack.port, stack.key, "/v1/stream?nodes=773869&horizons=3,6,12")
    task = asyncio.ensure_future(one.run())
    assert await one.opened == 200
    base, base_missing = await timed_rounds(stack, [one], row, args.rounds, args.timeout)
    row += args.rounds
    one.close()
    await asyncio.sleep(0.5)
    task.cancel()

    clients = [Client(stack.port, stack.key, f"/v1/stream?nodes={nodes[i % len(nodes)]}&horizons=3,6,12")
               for i in range(args.streams)]
    tasks = [asyncio.ensure_future(c.run()) for c in clients]
    statuses = await asyncio.gather(*(c.opened for c in clients))
    refused = sum(1 for s in statuses if s != 200)
    await asyncio.sleep(2)
    rss1, heap1 = memory(stack)
    many, many_missing = await timed_rounds(stack, clients, row, args.rounds, args.timeout)

    print(f"\n{args.streams} streams opened, {refused} refused; rounds of single-step ingests: {args.rounds}\n")
    print("| streams | samples | missed | p50 ms | p90 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    p99_one = line("1", base, base_missing)
    p99_many = line(str(args.streams), many, many_missing)
    print(f"\np99 with {args.streams} streams / p99 with 1: {p99_many / p99_one:.2f}")
    print("\n| | resident set MB | heap used after full GC MB |")
    print("|---|---|---|")
    print(f"| 0 streams | {rss0 / 1024:.1f} | {heap0 / 1024:.1f} |")
    print(f"| {args.streams} streams | {rss1 / 1024:.1f} | {heap1 / 1024:.1f} |")
    print(f"| per stream | {(rss1 - rss0) / args.streams:.1f} kB | {(heap1 - heap0) / args.streams:.1f} kB |")
    for c in clients:
        c.close()
    for t in tasks:
        t.cancel()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, commit {commit}, load average before: "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])}", flush=True)
    stack = Stack(redis=True, heap="256m", jar=JAR,
                  extra=["-Xms256m", "-XX:+AlwaysPreTouch", f"-Ddw.stream.maxPerKey={args.streams + 1}"])
    try:
        asyncio.run(bench(stack, args))
    finally:
        stack.stop()
    print(f"load average after: {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()
