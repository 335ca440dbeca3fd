#!/usr/bin/python3
"""How bundles and the service grow with the number of sensors: for each size (207, 2,000 and 20,000 by
default) a synthetic network is made, a quick bundle trained (train.py, few epochs), and the service
started on it (embedded mode, 127.0.0.1) to measure:

  bundle bytes; training seconds and peak RSS; start-up to ready; bundle load + validation (the
  model-reload task: read, checksum, ONNX session, warm-up inference, swap); inference ms (the model's
  own timer, per window); ingest ms of one full step (every sensor's reading in one POST); all-nodes
  answer ms (POST /v1/predict with no nodes and no horizons: every sensor x 12 horizons), as a miss
  (the first request of a new window, which also waits for its inference) and as hits (plain and gzip);
  answer bytes plain and gzip; the service's resident set (now and peak).

The network: sensors on a jittered square lattice (1 km apart), each linked to its up to 8 lattice
neighbours (edge list from,to,weight, weight exp(-d^2)); speeds at 5-minute steps in Los Angeles time
with a daily pattern (weekday morning and evening dips, deeper in a few congested regions), a slow
wave that spreads along the links, and noise. 2 days 8 hours train a bundle (the least train.py takes:
2 days + the validation steps); the 24 steps after them are ingested into the service.

Usage: /usr/bin/python3 bench/scale_bench.py [--sizes 207,2000,20000] [--members 5] [--epochs 1]
       [--heap 1g] [--json FILE] [--keep] [--sizes N --reuse DIR]
Needs: a built service jar (mvn -B -q -o -DskipTests -pl service -am package; ROADCAST_JAR to run
another), Debian python3-torch/onnx/numpy. Loopback only; training is bounded by --train-timeout.
"""
import argparse
import gzip
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stack import ROOT, Stack  # noqa: E402

SERVICE_JAR = os.environ.get("ROADCAST_JAR", os.path.join(ROOT, "service", "target", "roadcast.jar"))
ZONE = ZoneInfo("America/Los_Angeles")
START = datetime(2024, 4, 1, tzinfo=ZONE)          # a Monday
STEP = timedelta(minutes=5)
VAL_STEPS = 48
TRAIN_STEPS = 2 * 288 + VAL_STEPS                    # the least train.py accepts at 5-minute steps
SERVE_STEPS = 24                                     # 12 to fill the window, 12 timed rounds


class Network:
    """A synthetic network of n sensors: ids, positions, lattice links and T steps of speeds (mph)."""

    def __init__(self, n, steps, seed=1):
        rng = np.random.default_rng(seed)
        side = int(np.ceil(np.sqrt(n)))
        cell = np.arange(n)
        self.ids = ["s%05d" % i for i in range(n)]
        self.pos = np.stack([cell % side, cell // side], axis=1) + rng.uniform(-0.3, 0.3, (n, 2))
        self.src, self.dst, self.weight = self._links(side, n)
        self.speeds = self._speeds(n, steps, rng)

    def _links(self, side, n):
        src, dst = [], []
        cell = np.arange(n)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                x, y = cell % side + dx, cell // side + dy
                other = y * side + x
                ok = (dx, dy) != (0, 0)
                ok &= (x >= 0) & (x < side) & (y >= 0) & (other < n)
                src.append(cell[ok])
                dst.append(other[ok])
        src, dst = np.concatenate(src), np.concatenate(dst)
        d2 = ((self.pos[src] - self.pos[dst]) ** 2).sum(axis=1)
        return src, dst, np.exp(-d2)

    def _speeds(self, n, steps, rng):
        base = 58 + 8 * rng.random(n)
        congestion = 0.5 + 0.5 * np.sin(self.pos[:, 0] / 7.0) * np.cos(self.pos[:, 1] / 5.0)   # regional
        depth = (8 + 10 * rng.random(n)) * (0.5 + congestion)
        norm = np.bincount(self.src, weights=self.weight, minlength=n)
        wave = np.zeros(n)
        out = np.empty((steps, n), dtype=np.float32)
        for t in range(steps):
            local = START + t * STEP
            hour = local.hour + local.minute / 60
            spread = np.bincount(self.src, weights=self.weight * wave[self.dst], minlength=n) / np.maximum(norm, 1e-9)
            wave = 0.85 * wave + 0.12 * spread + rng.normal(0, 1.2, n)
            dip = (0.4 * bump(hour, 13.5, 2.0) if local.weekday() >= 5
                   else bump(hour, 8.0, 1.2) + 0.8 * bump(hour, 17.5, 1.5))
            out[t] = np.maximum(3, base - depth * dip + wave + rng.normal(0, 1.5, n))
        return out

    def write(self, directory, rows):
        with open(os.path.join(directory, "speeds.csv"), "w") as f:
            f.write(",".join(self.ids) + "\n")
            np.savetxt(f, self.speeds[:rows], fmt="%.2f", delimiter=",")
        with open(os.path.join(directory, "edges.csv"), "w") as f:
            f.write("from,to,weight\n")
            f.writelines("%s,%s,%.4f\n" % (self.ids[a], self.ids[b], w)
                         for a, b, w in zip(self.src, self.dst, self.weight))
        with open(os.path.join(directory, "locations.csv"), "w") as f:
            f.write("id,latitude,longitude\n")
            f.writelines("%s,%.5f,%.5f\n" % (s, 34.0 + p[1] / 111.0, -118.5 + p[0] / 92.0)
                         for s, p in zip(self.ids, self.pos))

    def step_body(self, t):
        """POST /v1/observations body of step t: every sensor's reading."""
        speeds = dict(zip(self.ids, (round(float(v), 2) for v in self.speeds[t])))
        return json.dumps({"observations": [{"timestamp": (START + t * STEP).isoformat(), "speeds": speeds}]}).encode()


def bump(hour, centre, width):
    return float(np.exp(-((hour - centre) / width) ** 2))


def train(directory, args):
    """Trains a quick bundle in directory/bundle; returns (seconds, peak RSS MB of the training process)."""
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "training", "train.py"),
           "--speeds", os.path.join(directory, "speeds.csv"), "--adjacency", os.path.join(directory, "edges.csv"),
           "--locations", os.path.join(directory, "locations.csv"), "--start", START.replace(tzinfo=None).isoformat(),
           "--interval", "5", "--timezone", "America/Los_Angeles", "--out", os.path.join(directory, "bundle"),
           "--epochs", str(args.epochs), "--members", str(args.members), "--val-steps", str(VAL_STEPS),
           "--neighbours", str(args.neighbours), "--batch", str(args.batch), "--threads", "2",
           "--no-ablation", "--no-refit", "--version", "scale-bench"]
    started = time.time()
    with open(os.path.join(directory, "train.log"), "w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, OMP_WAIT_POLICY="PASSIVE"))
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.time() > started + args.train_timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise SystemExit("training %s ran past %d s; see %s/train.log" % (directory, args.train_timeout, directory))
            time.sleep(0.5)
    if status != 0:
        raise SystemExit("training %s failed; see %s/train.log" % (directory, directory))
    return time.time() - started, usage.ru_maxrss / 1024


class Client:
    """One keep-alive HTTP/1.1 connection to the service."""

    def __init__(self, port, key):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.key = key

    def post(self, path, body, gzip_ok=False):
        return self.send("POST", path, body, gzip_ok)

    def get(self, path):
        return self.send("GET", path, None, False)

    def send(self, method, path, body, gzip_ok):
        headers = {"Content-Type": "application/json", "X-API-Key": self.key,
                   "Accept-Encoding": "gzip" if gzip_ok else "identity"}
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        return resp.status, (time.perf_counter() - started) * 1000, dict(resp.getheaders()), data


def admin_post(stack, path):
    req = urllib.request.Request("http://127.0.0.1:%d%s" % (stack.admin, path), data=b"", method="POST")
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        r.read()
    return (time.perf_counter() - started) * 1000


def inference_ms(stack):
    """The mean of the service's inference timer (Prometheus summary in seconds), in ms."""
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % stack.admin, timeout=30) as r:
        text = r.read().decode()
    total = count = None
    for line in text.splitlines():
        if line.startswith("roadcast_inference_duration_seconds_sum"):
            total = float(line.split()[-1])
        elif line.startswith("roadcast_inference_duration_seconds_count"):
            count = float(line.split()[-1])
    return 1000 * total / count if count else float("nan")


def serve(net, bundle, tmp, args):
    """Starts the service on bundle and measures it; returns a dict of figures."""
    started = time.time()
    stack = Stack(redis=False, heap=args.heap, jar=SERVICE_JAR,
                  extra=[f"-Ddw.model.bundle={bundle}", f"-Ddw.model.bundlesDir={tmp}",
                         f"-Ddw.webhooks.dir={tmp}/webhooks", f"-Ddw.audit.file={tmp}/audit.log",
                         f"-Ddw.model.intraOpThreads={args.intra_op_threads}"])
    figures = {"ready_s": time.time() - started}
    try:
        figures["load_validate_ms"] = statistics.median(
            admin_post(stack, "/tasks/model-reload?path=" + bundle) for _ in range(3))
        client = Client(stack.port, stack.key)
        first = TRAIN_STEPS
        for t in range(first, first + 12):
            status, _, _, body = client.post("/v1/observations", net.step_body(t))
            assert status == 202, (status, body[:300])
        ingest, miss, hit, hit_gz, inference = [], [], [], [], []
        for t in range(first + 12, first + SERVE_STEPS):
            time.sleep(1.0)                                       # the previous window's records are done
            body = net.step_body(t)
            status, ms, _, answer = client.post("/v1/observations", body)
            assert status == 202, (status, answer[:300])
            ingest.append(ms)
            status, ms, headers, plain = client.post("/v1/predict", b"{}")
            assert status == 200 and headers.get("X-Cache") != "HIT", (status, headers)
            miss.append(ms)
            inference.append(json.loads(plain)["inference_time_ms"])
            for _ in range(3):
                status, ms, headers, plain = client.post("/v1/predict", b"{}")
                assert status == 200 and headers.get("X-Cache") == "HIT", headers
                hit.append(ms)
                status, ms, headers, zipped = client.post("/v1/predict", b"{}", gzip_ok=True)
                assert status == 200 and headers.get("Content-Encoding") == "gzip", headers
                hit_gz.append(ms)
        assert gzip.decompress(zipped) == plain
        pages = [client.get("/v1/nodes?offset=%d&limit=1000" % (len(net.ids) // 2)) for _ in range(5)]
        assert all(p[0] == 200 for p in pages), pages[0][3][:300]
        one = [client.get("/v1/nodes/" + net.ids[-1]) for _ in range(5)]
        assert all(p[0] == 200 for p in one), one[0][3][:300]
        figures.update(nodes_page_ms=statistics.median(p[1] for p in pages),
                       node_ms=statistics.median(p[1] for p in one))
        figures.update(
            ingest_bytes=len(body), ingest_ms=statistics.median(ingest), ingest_max_ms=max(ingest),
            inference_ms=statistics.median(inference), inference_timer_mean_ms=inference_ms(stack),
            miss_ms=statistics.median(miss), hit_ms=statistics.median(hit), hit_gzip_ms=statistics.median(hit_gz),
            answer_bytes=len(plain), answer_gzip_bytes=len(zipped),
            rss_mb=stack.rss_kb() / 1024, rss_peak_mb=stack.rss_kb("VmHWM") / 1024)
    finally:
        stack.stop()
    return figures


def run_size(n, args):
    tmp = args.reuse or tempfile.mkdtemp(prefix="roadcast-scale-%d-" % n)
    try:
        t0 = time.time()
        net = Network(n, TRAIN_STEPS + SERVE_STEPS)
        result = {"sensors": n, "edges": int(len(net.src)), "data_s": time.time() - t0,
                  "train_s": float("nan"), "train_rss_mb": float("nan")}
        if not args.reuse:
            net.write(tmp, TRAIN_STEPS)
            result["train_s"], result["train_rss_mb"] = train(tmp, args)
        bundle = os.path.join(tmp, "bundle")
        result["bundle_bytes"] = sum(os.path.getsize(os.path.join(bundle, f)) for f in ("model.onnx", "model.json"))
        result["onnx_bytes"] = os.path.getsize(os.path.join(bundle, "model.onnx"))
        with open(os.path.join(bundle, "model.json")) as f:
            result["model"] = json.load(f)["name"]     # roadcast-graph-residual unless the blend validated better
        t0 = time.time()
        subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "training", "check_bundle.py"), bundle],
                       check=True, capture_output=True)
        result["check_bundle_s"] = time.time() - t0
        result.update(serve(net, bundle, tmp, args))
        return result
    finally:
        if args.keep or args.reuse:
            print("kept " + tmp, flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


ROWS = [("bundle bytes (model.onnx + model.json)", "bundle_bytes", "%.0f"),
        ("training s (quick bundle)", "train_s", "%.1f"), ("training peak RSS MB", "train_rss_mb", "%.0f"),
        ("start-up to ready s", "ready_s", "%.1f"), ("load + validation ms (model-reload)", "load_validate_ms", "%.0f"),
        ("inference ms (per window)", "inference_ms", "%.1f"),
        ("ingest ms (one full step)", "ingest_ms", "%.1f"), ("ingest body bytes", "ingest_bytes", "%.0f"),
        ("all-nodes answer ms, miss", "miss_ms", "%.1f"), ("all-nodes answer ms, hit plain", "hit_ms", "%.1f"),
        ("all-nodes answer ms, hit gzip", "hit_gzip_ms", "%.1f"),
        ("answer bytes plain", "answer_bytes", "%.0f"), ("answer bytes gzip", "answer_gzip_bytes", "%.0f"),
        ("GET /v1/nodes, a page of 1000, ms", "nodes_page_ms", "%.1f"), ("GET /v1/nodes/{id} ms", "node_ms", "%.1f"),
        ("service RSS MB (after)", "rss_mb", "%.0f"), ("service RSS MB (peak)", "rss_peak_mb", "%.0f")]


def table(results):
    sizes = [r["sensors"] for r in results]
    head = "| metric | " + " | ".join("%d" % s for s in sizes)
    ratios = [(a, b) for a, b in zip(results, results[1:])]
    head += "".join(" | ratio %d/%d" % (b["sensors"], a["sensors"]) for a, b in ratios) + " |"
    lines = [head, "|" + " --- |" + " ---: |" * (len(sizes) + len(ratios))]
    for label, key, fmt in ROWS:
        cells = [fmt % r[key] for r in results] + ["%.2f" % (b[key] / a[key]) if a[key] else "-" for a, b in ratios]
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="207,2000,20000")
    ap.add_argument("--members", type=int, default=5, help="ensemble members (the shipped model has 5)")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8, help="windows per training batch (memory at 20,000 sensors)")
    ap.add_argument("--neighbours", type=int, default=8)
    ap.add_argument("--heap", default="1g",
                    help="the service's -Xmx (above about 2,000 sensors, more than the units' 256 MB)")
    ap.add_argument("--intra-op-threads", type=int, default=1, help="model.intraOpThreads (config default 1)")
    ap.add_argument("--train-timeout", type=int, default=900)
    ap.add_argument("--json", help="also write the figures here")
    ap.add_argument("--keep", action="store_true", help="keep each size's data, bundle and logs")
    ap.add_argument("--reuse", help="serve the bundle a --keep run left in this directory (one size, no training)")
    args = ap.parse_args()
    if not os.path.isfile(SERVICE_JAR):
        raise SystemExit("no service jar at %s: mvn -B -q -o -DskipTests -pl service -am package" % SERVICE_JAR)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print("scale_bench %s, commit %s, %d cores, load average %.2f %.2f %.2f" % (
        time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), commit, os.cpu_count(), *os.getloadavg()), flush=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(run_size(n, args))
        print(json.dumps(results[-1]), flush=True)
    print("load average at the end %.2f %.2f %.2f" % os.getloadavg())
    print(table(results))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"args": vars(args), "commit": commit, "results": results}, f, indent=2)


if __name__ == "__main__":
    main()
