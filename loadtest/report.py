"""Turns one scenario's outcome into a summary, a PNG (throughput, latency percentiles, failures over time), and
the verdict: a run fails only on real failures or when the clients' count and the service's count disagree.

    report.py --prefix DIR/SCENARIO --scenario NAME --ledger FILE [--ledger FILE ...] \
        --server-before JSON --server-after JSON --master-log FILE --wall-s S --load-generator-cpu-s S \
        --machine-busy SHARE [--setting NAME=VALUE ...]

What the clients did comes from the workers' ledgers (Ledger.java: each worker counts every request it sent when
it finished, and writes the file after its last request ended), not from Locust's reports, which can lose the last
seconds of a run. Outcomes: answered, refused by a rate limit (429, expected, by tier), failed (any other status,
a wrong forecast body, an I/O error, a timeout).

The count check compares them with the service's own counters (server_count.py, read before and after the run):
every request it answered (less the workers' setup requests) and its rate-limit refusals by tier must equal the
clients' counts. Only a request that ended without an answer (an I/O error, a timeout) may or may not have been
counted by the service, so those widen the allowed range; otherwise the counts must be equal.
Locust's own numbers (its CSVs and timeline.py's files) draw the chart.
"""

import argparse
import csv
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)

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


def locust_requests(prefix):
    """Requests in the aggregated row of Locust's stats CSV (what reached the master: for comparison only)."""
    for row in read_rows(prefix + "_stats.csv"):
        if row["Name"] == "Aggregated":
            return int(row["Request Count"])
    return 0


def _add(into, counts):
    for name, value in counts.items():
        into[name] = into.get(name, 0) + value


def merge(ledgers):
    """The workers' ledgers added up."""
    merged = {key: 0 for key in ("answered", "refused", "failed", "io_errors", "in_flight_at_exit", "setup_requests")}
    merged.update(refused_by_tier={}, failed_by_kind={}, routes={})
    for ledger in ledgers:
        for key in ("answered", "refused", "failed", "io_errors", "in_flight_at_exit", "setup_requests"):
            merged[key] += ledger[key]
        for tier, by_class in ledger["refused_by_tier"].items():
            _add(merged["refused_by_tier"].setdefault(tier, {}), by_class)
        _add(merged["failed_by_kind"], ledger["failed_by_kind"])
        for name, route in ledger["routes"].items():
            into = merged["routes"].setdefault(name, {"answered": 0, "refused": 0, "failed": 0, "answered_ms": {}})
            for key in ("answered", "refused", "failed"):
                into[key] += route[key]
            _add(into["answered_ms"], {int(ms): count for ms, count in route["answered_ms"].items()})
    return merged


def percentile(histogram, share):
    """The smallest response time (ms) at or below which ``share`` of the requests in ``histogram`` {ms: count} lie."""
    total = sum(histogram.values())
    if total == 0:
        return None
    seen = 0
    for millis in sorted(histogram):
        seen += histogram[millis]
        if seen >= share * total:
            return millis
    return max(histogram)


def latency_by_route(routes):
    """p50/p95/p99 of answered requests per route and over all routes."""
    table, everything = {}, {}
    for name, route in sorted(routes.items()):
        histogram = {int(ms): count for ms, count in route["answered_ms"].items()}
        _add(everything, histogram)
        table[name] = {
            "answered": route["answered"], "refused": route["refused"], "failed": route["failed"],
            **{f"p{p}_ms": percentile(histogram, p / 100) for p in (50, 95, 99)},
        }
    table["all"] = {f"p{p}_ms": percentile(everything, p / 100) for p in (50, 95, 99)}
    return table


def count_check(merged, before, after):
    """The clients' counts against the service's: requests in total and refusals per tier."""
    unsure = merged["io_errors"] + merged["in_flight_at_exit"]
    client = merged["answered"] + merged["refused"] + merged["failed"] - merged["io_errors"]
    server = after["requests"] - before["requests"] - merged["setup_requests"]
    tiers = {}
    for tier in sorted(set(merged["refused_by_tier"]) | set(after["refused"])):
        counted = sum(merged["refused_by_tier"].get(tier, {}).values())
        refused = after["refused"].get(tier, 0) - before["refused"].get(tier, 0)
        tiers[tier] = {"clients": counted, "service": refused, "agree": counted <= refused <= counted + unsure}
    return {
        "client_requests_answered_by_http": client,
        "server_requests": server,
        "setup_requests_excluded": merged["setup_requests"],
        "without_answer": unsure,
        "requests_agree": client <= server <= client + unsure and merged["answered"] + merged["refused"] > 0,
        "refused_by_tier": tiers,
        "agree": client <= server <= client + unsure and merged["answered"] + merged["refused"] > 0
        and all(tier["agree"] for tier in tiers.values()),
    }


def cpu_warnings(master_log):
    """Locust's own warnings that a master or worker ran out of CPU, which make its numbers a floor."""
    with open(master_log, encoding="utf-8") as handle:
        return [line.strip() for line in handle if "cpu" in line.lower() and "WARNING" in line]


def judged(targets, merged, latency):
    """Targets like "availability=0.999,p95_ms=200,p99_ms=500" against the run: availability is answered over
    answered plus failed (a refusal by a limit is the service working); the times are over all answered."""
    verdicts = {}
    availability = merged["answered"] / max(merged["answered"] + merged["failed"], 1)
    for item in filter(None, targets.split(",")):
        name, _, bound = item.partition("=")
        bound = float(bound)
        if name == "availability":
            verdicts[name] = {"value": availability, "target": bound, "met": availability >= bound}
        elif name in ("p50_ms", "p95_ms", "p99_ms"):
            value = latency["all"][name]
            verdicts[name] = {"value": value, "target": bound, "met": value is not None and value < bound}
        else:
            raise ValueError(f"unknown target {name}; availability, p50_ms, p95_ms or p99_ms")
    return verdicts


def summary(prefix, scenario, merged, checked, targets=""):
    series = timeline(prefix)
    duration = len(series["t"])
    requests = merged["answered"] + merged["refused"] + merged["failed"]
    latency = latency_by_route(merged["routes"])
    verdicts = judged(targets, merged, latency)
    return {
        "scenario": scenario,
        "duration_s": duration,
        "peak_users": max(series["users"]),
        "requests": requests,
        "answered": merged["answered"],
        "refused": merged["refused"],
        "refused_by_tier": merged["refused_by_tier"],
        "failures": merged["failed"],
        "failure_ratio": merged["failed"] / max(requests, 1),
        "failures_by_kind": merged["failed_by_kind"],
        "mean_rps": requests / max(duration, 1),
        "peak_rps": max(series["rps"]),
        "p50_ms": latency["all"]["p50_ms"],
        "p95_ms": latency["all"]["p95_ms"],
        "p99_ms": latency["all"]["p99_ms"],
        "routes": latency,
        "locust_requests": locust_requests(prefix),
        "count_check": checked,
        "targets": verdicts,
        "passed": (all(v["met"] for v in verdicts.values()) if verdicts else merged["failed"] == 0)
        and (checked is None or checked["agree"]),
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


def print_count_check(checked):
    print(
        f"count check: clients {checked['client_requests_answered_by_http']} answered by HTTP "
        f"(+{checked['without_answer']} without an answer), service {checked['server_requests']} "
        f"(+{checked['setup_requests_excluded']} setup) -> {'OK' if checked['requests_agree'] else 'MISMATCH'}"
    )
    for tier, counts in checked["refused_by_tier"].items():
        print(
            f"refused, tier {tier}: clients {counts['clients']}, service {counts['service']} "
            f"-> {'OK' if counts['agree'] else 'MISMATCH'}"
        )


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefix", required=True, help="Locust's --csv prefix, e.g. docs/loadtest/steady")
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--server-before", type=json.loads, required=True, help="server_count.py's output")
    parser.add_argument("--server-after", type=json.loads, required=True, help="server_count.py's output")
    parser.add_argument("--ledger", action="append", required=True, help="a worker's ledger (one per worker)")
    parser.add_argument("--master-log", required=True)
    parser.add_argument("--targets", default="", help="availability=A,p95_ms=N,...: judge by these, not by failures")
    parser.add_argument("--setting", action="append", default=[], help="NAME=VALUE: how the run was configured")
    parser.add_argument("--wall-s", type=float, required=True, help="seconds the whole run took")
    parser.add_argument("--load-generator-cpu-s", type=float, required=True, help="CPU seconds of master and workers")
    parser.add_argument("--machine-busy", type=float, required=True, help="busy share of all cores during the run")
    args = parser.parse_args(argv)

    ledgers = []
    for path in args.ledger:
        with open(path, encoding="utf-8") as handle:
            ledgers.append(json.load(handle))
    merged = merge(ledgers)
    checked = None if args.server_before is None else count_check(merged, args.server_before, args.server_after)
    result = summary(args.prefix, args.scenario, merged, checked, args.targets)
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
        f"(mean {result['mean_rps']:.0f}/s, peak {result['peak_rps']:.0f}/s, {result['peak_users']} users): "
        f"{result['answered']} answered, {result['refused']} refused by a limit (expected), "
        f"{result['failures']} failed ({100 * result['failure_ratio']:.2f}%)"
    )
    print(f"answered: p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, p99 {result['p99_ms']} ms")
    for kind, count in sorted(result["failures_by_kind"].items()):
        print(f"failed: {count} x {kind}")
    for name, verdict in result["targets"].items():
        print(f"target {name}: {verdict['value']} (target {verdict['target']}) -> {'met' if verdict['met'] else 'MISSED'}")
    if checked is None:
        print("count check: skipped (--admin none)")
    else:
        print_count_check(checked)
    machine = result["machine"]
    print(
        f"machine: {100 * machine['busy_share']:.0f}% of {machine['cores']} cores busy over {machine['wall_s']:.0f} s; "
        f"Locust's master and workers used {machine['load_generator_cpu_s']:.0f} CPU-s of them"
    )
    for warning in result["cpu_warnings"]:
        print(f"Locust: {warning}")
    print(f"wrote {args.prefix}.png, {args.prefix}_summary.json")
    print("PASSED" if result["passed"] else "FAILED: failures, a missed target or a count mismatch")
    return 0 if result["passed"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
