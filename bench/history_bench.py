#!/usr/bin/python3
"""What the observation history and the forecasts of record cost per sensor-day: every step of 207 sensors
ingested on its own (one POST of one item, as a feed sends it, so the recorder keeps one forecast of
record per step), one day and then --days days of 5-minute steps (rows of the Los-loop data, times moved
on past the CSV's end).

  redis:    MEMORY USAGE (SAMPLES 0, exact) of <prefix>history, <prefix>forecasts and <prefix>forecasts:times,
            and used_memory, empty, after one day and after --days days.
  embedded: bytes on disk of history.dir (the day files) and history.dir/forecasts, and the heap in use
            after a full GC (jcmd GC.run twice, then GC.heap_info), empty, after one day, after --days days.

Per sensor-day = bytes / (207 x days); the marginal figure (last minus one day, over the days between)
leaves out fixed costs. Records are counted once the recorder has caught up (their count stops changing).

Usage: /usr/bin/python3 bench/history_bench.py [--days 7] [--only redis|embedded]
Needs: a built service jar (mvn -B -q -DskipTests -pl service package; ROADCAST_JAR to run another),
redis-server and jcmd. Loopback only; stops by itself within 10 minutes (under one with the defaults).
"""
import argparse
import json
import os
import re
import sys
import time
from datetime import timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_bench import SERVICE_JAR, heap_used_mb  # noqa: E402
from misspath import Connection  # noqa: E402
from stack import START, Stack, resp  # noqa: E402

DEADLINE = time.time() + 570
STEPS_PER_DAY = 288
PREFIX = "roadcast:"


class Feed:
    """Single-step ingests of every sensor on one keep-alive connection, one 5-minute step after another."""

    def __init__(self, stack):
        self.stack = stack
        self.header, *self.values = stack.data_rows()
        self.conn = Connection(stack.port, stack.key, {})
        self.row = 0

    def steps(self, count):
        for _ in range(count):
            if time.time() > DEADLINE:
                raise RuntimeError("out of time")
            item = {"timestamp": (START + timedelta(minutes=5 * self.row)).isoformat(),
                    "speeds": dict(zip(self.header, map(float, self.values[self.row % len(self.values)])))}
            self.conn.send(self.conn.build("/v1/observations", json.dumps({"observations": [item]}).encode()))
            if self.conn.status != 202:
                raise RuntimeError(f"ingest of step {self.row} answered {self.conn.status}")
            self.row += 1


def settled(count, seconds=60):
    """Waits until `count()` stops changing (the recorder has caught up); returns its value."""
    last, deadline = count(), time.time() + seconds
    while time.time() < deadline:
        time.sleep(1.5)
        now = count()
        if now == last:
            return now
        last = now
    return last


def dir_bytes(path, skip=None):
    total = 0
    for root, dirs, files in os.walk(path):
        if skip:
            dirs[:] = [d for d in dirs if os.path.join(root, d) != skip]
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def heap_used(stack):
    heap_used_mb(stack)  # a first full GC; the second, measured, finds what survives it
    return round(heap_used_mb(stack)[0] * 1024 * 1024)


def per_sensor_day(nbytes, days, sensors):
    return nbytes / (sensors * days)


def report(title, sensors, days, rows):
    """rows: [(what, bytes empty, bytes after one day, bytes after `days`)]."""
    print(f"\n{title}\n")
    print(f"| what | empty | 1 day | {days} days | per sensor-day, {days} days | per sensor-day, marginal (day 2-{days}) |")
    print("|---|---|---|---|---|---|")
    for what, empty, one, last in rows:
        print(f"| {what} | {empty:,} | {one:,} | {last:,} | {per_sensor_day(last - empty, days, sensors):,.0f} B | "
              f"{per_sensor_day(last - one, days - 1, sensors):,.0f} B |", flush=True)


def redis_phase(days):
    stack = Stack(redis=True, jar=SERVICE_JAR)
    try:
        feed = Feed(stack)
        sensors = len(feed.header)

        def usage():
            got = {key: resp(stack.redis_port, "MEMORY", "USAGE", PREFIX + key, "SAMPLES", "0") or 0
                   for key in ("history", "forecasts", "forecasts:times")}
            info = resp(stack.redis_port, "INFO", "memory").decode()
            got["used_memory"] = int(re.search(r"used_memory:(\d+)", info).group(1))
            got["records"] = resp(stack.redis_port, "HLEN", PREFIX + "forecasts")
            got["steps"] = resp(stack.redis_port, "ZCARD", PREFIX + "history")
            return got

        empty = usage()
        feed.steps(STEPS_PER_DAY)
        settled(lambda: resp(stack.redis_port, "HLEN", PREFIX + "forecasts"))
        one = usage()
        feed.steps(STEPS_PER_DAY * (days - 1))
        settled(lambda: resp(stack.redis_port, "HLEN", PREFIX + "forecasts"))
        last = usage()
        print(f"redis: {one['steps']} steps / {one['records']} records after one day, {last['steps']} / "
              f"{last['records']} after {days} days; {sensors} sensors")
        report(f"Redis, bytes (MEMORY USAGE ... SAMPLES 0; INFO used_memory)", sensors, days,
               [(key, empty[key], one[key], last[key]) for key in ("history", "forecasts", "forecasts:times", "used_memory")])
        print(f"per step: history {(last['history'] - one['history']) / (last['steps'] - one['steps']):,.0f} B, "
              f"forecast record {(last['forecasts'] + last['forecasts:times'] - one['forecasts'] - one['forecasts:times']) / (last['records'] - one['records']):,.0f} B")
    finally:
        stack.stop()


def embedded_phase(days):
    stack = Stack(redis=False, jar=SERVICE_JAR, extra=["-Xms256m"])
    history = os.path.join(stack.tmp, "history")
    forecasts = os.path.join(history, "forecasts")
    try:
        feed = Feed(stack)
        sensors = len(feed.header)

        def usage():
            return {"history.dir (day files)": dir_bytes(history, skip=forecasts),
                    "history.dir/forecasts": dir_bytes(forecasts), "heap after GC": heap_used(stack)}

        time.sleep(2)
        empty = usage()
        feed.steps(STEPS_PER_DAY)
        settled(lambda: dir_bytes(forecasts))
        one = usage()
        feed.steps(STEPS_PER_DAY * (days - 1))
        settled(lambda: dir_bytes(forecasts))
        last = usage()
        report(f"Embedded, bytes (on disk: sizes of the files; heap: jcmd GC.heap_info after GC.run)", sensors, days,
               [(key, empty[key], one[key], last[key]) for key in empty])
    finally:
        stack.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--only", choices=("redis", "embedded"))
    args = parser.parse_args()
    if args.only != "embedded":
        redis_phase(args.days)
    if args.only != "redis":
        embedded_phase(args.days)


if __name__ == "__main__":
    main()
