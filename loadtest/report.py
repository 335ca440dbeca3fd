"""Turns one scenario's CSVs into a PNG (throughput, latency percentiles, errors over time) and a summary,
and checks Locust's request count against the count the service itself kept.

    report.py --prefix DIR/SCENARIO --scenario NAME --server-before N --server-after M --workers W \
        --master-log FILE --wall-s S --load-generator-cpu-s S --machine-busy SHARE [--setting NAME=VALUE ...]

The service counts every request its application connector answered (Dropwizard's
``io.dropwizard.jetty.MutableServletContextHandler.requests`` timer (``jetty_handler_requests_count`` in the admin port's Prometheus /metrics), read by server_count.py
before and after the run). Between the two readings it also answered one ``GET /v1/nodes`` per worker (how each
worker learns the sensor ids, not a test request), so Locust's total plus the number of workers must match the
server's increase within :data:`TOLERANCE`.
"""

import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

TOLERANCE = 0.01
PERCENTILES = ("50%", "95%", "99%")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text):
    """Locust writes "N/A" for a percentile of no requests."""
    return None if text in ("", "N/A") else float(text)


def users_by_second(prefix, seconds):
    """Users the master had running in each second, from its stats history: one aggregated row per second when
    the master keeps up; a second it skipped (a busy machine) keeps the count of the second before."""
    rows = read_rows(prefix + "_stats_history.csv")
    known = {int(row["Timestamp"]): int(row["User Count"]) for row in rows if row["Name"] == "Aggregated"}
    users, last = [], 0
    for second in seconds:
        last = known.get(second, last)
        users.append(last)
    return users


def timeline(prefix):
    """Seconds since the first request, with that second's requests, failures and users (timeline.py's files)."""
    per_second = [(int(r["Timestamp"]), int(r["Requests"]), int(r["Failures"])) for r in read_rows(prefix + "_per_second.csv")]
    if not per_second:
        raise ValueError(f"{prefix}_per_second.csv has no requests")
    start, end = per_second[0][0], per_second[-1][0]
    counts = {second: (requests, fails) for second, requests, fails in per_second}
    seconds = list(range(start, end + 1))
    latency = [
        (int(r["Timestamp"]) - start, *(number(r[p]) for p in PERCENTILES)) for r in read_rows(prefix + "_latency.csv")
    ]
    return {
        "t": [second - start for second in seconds],
        "rps": [counts.get(second, (0, 0))[0] for second in seconds],
        "fails": [counts.get(second, (0, 0))[1] for second in seconds],
        "users": users_by_second(prefix, seconds),
        "latency": latency,
    }


def totals(prefix):
    """The whole run's aggregated row of the stats CSV."""
    for row in read_rows(prefix + "_stats.csv"):
        if row["Name"] == "Aggregated":
            return row
    raise ValueError(f"{prefix}_stats.csv has no aggregated row")


def failures(prefix):
    return [
        {"method": row["Method"], "name": row["Name"], "error": row["Error"], "occurrences": int(row["Occurrences"])}
        for row in read_rows(prefix + "_failures.csv")
    ]


def agreement(locust_requests, server_before, server_after, workers):
    """Compares Locust's count with the server's; the relative difference is against the server's count."""
    server = server_after - server_before - workers
    difference = abs(locust_requests - server) / max(server, 1)
    return {
        "locust_requests": locust_requests,
        "server_requests": server,
        "setup_requests_excluded": workers,
        "relative_difference": difference,
        "within_tolerance": locust_requests > 0 and difference <= TOLERANCE,
    }


def cpu_warnings(master_log):
    """Locust's own warnings that a master or worker ran out of CPU, which make its numbers a floor."""
    with open(master_log, encoding="utf-8") as handle:
        return [line.strip() for line in handle if "cpu" in line.lower() and "WARNING" in line]


def summary(prefix, scenario, agreed):
    row = totals(prefix)
    series = timeline(prefix)
    duration = len(series["t"])
    requests = int(row["Request Count"])
    return {
        "scenario": scenario,
        "duration_s": duration,
        "peak_users": max(series["users"]),
        "requests": requests,
        "failures": int(row["Failure Count"]),
        "failure_ratio": int(row["Failure Count"]) / max(requests, 1),
        "mean_rps": requests / duration,
        "peak_rps": max(series["rps"]),
        "p50_ms": number(row["50%"]),
        "p95_ms": number(row["95%"]),
        "p99_ms": number(row["99%"]),
        "max_ms": number(row["Max Response Time"]),
        "failures_by_kind": failures(prefix),
        "count_check": agreed,
    }


def chart(prefix, scenario, path):
    series = timeline(prefix)
    figure, (throughput, latency, errors) = plt.subplots(3, 1, figsize=(9, 9), sharex=True)
    figure.suptitle(f"Roadcast load test: {scenario}")

    throughput.plot(series["t"], series["rps"], color="tab:blue", label="requests/s")
    throughput.set_ylabel("requests per second")
    users = throughput.twinx()
    users.step(series["t"], series["users"], where="post", color="tab:gray", linestyle="--", label="users")
    users.set_ylabel("users")
    users.set_ylim(bottom=0)
    throughput.legend(loc="upper left")
    users.legend(loc="upper right")

    starts = [point[0] for point in series["latency"]]
    for index, (percentile, colour) in enumerate(zip(PERCENTILES, ("tab:green", "tab:orange", "tab:red"))):
        values = [point[index + 1] for point in series["latency"]]
        latency.step(starts, values, where="post", color=colour, label=f"p{percentile[:-1]}")
    latency.set_ylabel("response time (ms)")
    latency.legend(loc="upper left")

    errors.plot(series["t"], series["fails"], color="tab:red", label="failed requests/s")
    errors.set_ylabel("failures per second")
    errors.set_xlabel("seconds since the first request")
    errors.legend(loc="upper left")

    for axis in (throughput, latency, errors):
        axis.grid(alpha=0.3)
        axis.set_ylim(bottom=0)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    plt.close(figure)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", required=True, help="Locust's --csv prefix, e.g. docs/loadtest/steady")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--server-before", type=int, required=True)
    parser.add_argument("--server-after", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--master-log", required=True)
    parser.add_argument("--setting", action="append", default=[], help="NAME=VALUE: how the run was configured")
    parser.add_argument("--wall-s", type=float, required=True, help="seconds the whole run took")
    parser.add_argument("--load-generator-cpu-s", type=float, required=True, help="CPU seconds of master and workers")
    parser.add_argument("--machine-busy", type=float, required=True, help="busy share of all cores during the run")
    args = parser.parse_args(argv)

    agreed = agreement(int(totals(args.prefix)["Request Count"]), args.server_before, args.server_after, args.workers)
    result = summary(args.prefix, args.scenario, agreed)
    result["settings"] = dict(setting.split("=", 1) for setting in args.setting)
    result["machine"] = {
        "cores": os.cpu_count(),
        "wall_s": args.wall_s,
        "busy_share": args.machine_busy,
        "load_generator_cpu_s": args.load_generator_cpu_s,
    }
    result["cpu_warnings"] = cpu_warnings(args.master_log)
    chart(args.prefix, args.scenario, args.prefix + ".png")
    with open(args.prefix + "_summary.json", "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=2)
        handle.write("\n")
    print(
        f"{args.scenario}: {result['requests']} requests in {result['duration_s']} s "
        f"(mean {result['mean_rps']:.0f}/s, peak {result['peak_rps']:.0f}/s, {result['peak_users']} users), "
        f"{result['failures']} failures ({100 * result['failure_ratio']:.2f}%), "
        f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms"
    )
    print(
        f"count check: Locust {agreed['locust_requests']}, server {agreed['server_requests']} "
        f"(+{agreed['setup_requests_excluded']} setup), difference {100 * agreed['relative_difference']:.3f}% "
        f"-> {'OK' if agreed['within_tolerance'] else 'FAILED'} (tolerance {100 * TOLERANCE:.0f}%)"
    )
    machine = result["machine"]
    print(
        f"machine: {100 * machine['busy_share']:.0f}% of {machine['cores']} cores busy over {machine['wall_s']:.0f} s; "
        f"Locust's master and workers used {machine['load_generator_cpu_s']:.0f} CPU-s of them"
    )
    for warning in result["cpu_warnings"]:
        print(f"Locust: {warning}")
    print(f"wrote {args.prefix}.png, {args.prefix}_summary.json")
    return 0 if agreed["within_tolerance"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
