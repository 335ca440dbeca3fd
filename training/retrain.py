#!/usr/bin/python3
"""Retrain the model on the service's own history and load the result as the shadow model.

  ROADCAST_READ_KEY=... /usr/bin/python3 training/retrain.py [--days 28] [--min-days 7] \
      [--until ISO] [--chunk-days 31] [-- train.py options, e.g. --epochs 40 --members 5]

Steps: export the last --days of stored steps from GET /v1/observations (CSV, in requests of at most
--chunk-days), refuse when they cover less than --min-days, train with training/train.py on the
network's own adjacency (and locations: a file, else the service's node catalog), check the bundle
with training/check_bundle.py, install it as a new dated directory under the retrained-bundles
directory, and load it as the shadow (admin task model-shadow). It never promotes: that stays an
operator's decision (docs/OPERATIONS.md "Retraining").

Environment (the systemd unit reads it from /etc/roadcast/retrain.env):
  ROADCAST_READ_KEY       an API key with role read (required)
  ROADCAST_API_URL        the instance's application port, default http://127.0.0.1:8110
  ROADCAST_ADMIN_URL      its admin port, default http://127.0.0.1:8111
  ROADCAST_NETWORK_DIR    adjacency.csv (required) and locations.csv (optional), default /etc/roadcast/network
  ROADCAST_RETRAINED_DIR  where bundles are installed (under model.bundlesDir),
                          default /var/lib/roadcast/models/retrained
  ROADCAST_RETRAIN_WORK   scratch directory (export, training output), default $STATE_DIRECTORY (the unit's
                          /var/lib/roadcast-retrain), else a new temporary directory

Exit codes: 0 shadow loaded; 2 usage or configuration; 3 too little history; 4 the service did not
answer as expected; 5 training failed; 6 the bundle check failed; 7 the service refused the shadow;
1 anything unforeseen (a Python traceback in the log).
"""
import argparse
import csv
import datetime as _dt
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
USAGE, TOO_LITTLE, SERVICE, TRAINING, CHECK, SHADOW = 2, 3, 4, 5, 6, 7
TIMEOUT = 120   # seconds per HTTP request: an export of 31 days of 207 sensors is ~20 MB


class Stop(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def log(message):
    print("retrain: " + message, flush=True)


def arguments(argv, env):
    own, train_args = argv, []
    if "--" in argv:
        own, train_args = argv[:argv.index("--")], argv[argv.index("--") + 1:]
    ap = argparse.ArgumentParser(prog="retrain.py", description=__doc__.split("\n")[0])
    ap.add_argument("--days", type=int, default=28, help="history to train on, counted back from --until")
    ap.add_argument("--min-days", type=float, default=7, help="refuse when the stored steps cover less")
    ap.add_argument("--until", help="end of the history (ISO-8601 with an offset); default now")
    ap.add_argument("--chunk-days", type=int, default=31, help="at most this many days per export request "
                    "(history.maxExportRange)")
    args = ap.parse_args(own)
    args.train_args = train_args
    if args.days < 1 or args.chunk_days < 1 or args.min_days > args.days:
        raise Stop(USAGE, "need --days >= 1, --chunk-days >= 1 and --min-days <= --days")
    args.until = _until(args.until)
    return _environment(args, env)


def _environment(args, env):
    """The settings the environment file gives, each checked before anything is asked of the service."""
    args.key = env.get("ROADCAST_READ_KEY", "")
    if not args.key:
        raise Stop(USAGE, "ROADCAST_READ_KEY is not set: create a key with role read and put it in the "
                   "environment file (/etc/roadcast/retrain.env)")
    args.api = env.get("ROADCAST_API_URL", "http://127.0.0.1:8110").rstrip("/")
    args.admin = env.get("ROADCAST_ADMIN_URL", "http://127.0.0.1:8111").rstrip("/")
    network = env.get("ROADCAST_NETWORK_DIR", "/etc/roadcast/network")
    args.adjacency = os.path.join(network, "adjacency.csv")
    args.locations = os.path.join(network, "locations.csv")
    if not os.path.isfile(args.adjacency):
        raise Stop(USAGE, "no adjacency at %s: put the network's adjacency there (docs/OPERATIONS.md)" % args.adjacency)
    args.retrained = env.get("ROADCAST_RETRAINED_DIR", "/var/lib/roadcast/models/retrained")
    if not os.access(args.retrained, os.W_OK | os.X_OK):
        raise Stop(USAGE, "cannot write to %s (ROADCAST_RETRAINED_DIR): it must exist under model.bundlesDir "
                   "and belong to this user" % args.retrained)
    # the unit's StateDirectory= (systemd sets STATE_DIRECTORY)
    args.work = env.get("ROADCAST_RETRAIN_WORK") or env.get("STATE_DIRECTORY") or tempfile.mkdtemp(prefix="retrain-")
    return args


def _until(text):
    if not text:
        return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    try:
        t = _dt.datetime.fromisoformat(text)
    except ValueError:
        t = None
    if t is None or t.tzinfo is None:
        raise Stop(USAGE, "--until %r is not ISO-8601 with an offset" % text)
    return t


# -------------------------------------------------------------------- HTTP --
def request(url, key=None, accept="application/json", post=False):
    headers = {"Accept": accept}
    if key:
        headers["X-API-Key"] = key
    req = urllib.request.Request(url, data=b"" if post else None, headers=headers, method="POST" if post else "GET")
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()
    except (urllib.error.URLError, OSError, http.client.HTTPException) as e:
        raise Stop(SERVICE, "%s did not answer: %s" % (url.split("?")[0], getattr(e, "reason", e)))


def get(args, path, accept="application/json"):
    status, body = request(args.api + path, args.key, accept)
    if status != 200:
        raise Stop(SERVICE, "GET %s answered %d: %s" % (path.split("?")[0], status, _message(body)))
    return body


def _message(body):
    try:
        return json.loads(body).get("message", "")
    except (ValueError, AttributeError):
        return body[:200].decode("utf-8", "replace")


# ------------------------------------------------------------------ export --
def ranges(start, until, chunk):
    """[start, until] as consecutive inclusive (from, to) pairs, each spanning at most chunk, none overlapping."""
    out = []
    while start <= until:
        end = until if start + chunk >= until else start + chunk - _dt.timedelta(seconds=1)
        out.append((start, end))
        start = end + _dt.timedelta(seconds=1)
    return out


def export(args, path):
    """Writes the stored steps of [until - days, until] to path as one CSV; returns the number of steps."""
    start = args.until - _dt.timedelta(days=args.days)
    header, rows = None, []
    pieces = ranges(start, args.until, _dt.timedelta(days=args.chunk_days))
    for start, end in pieces:
        query = urllib.parse.urlencode({"from": start.isoformat(), "to": end.isoformat()})
        text = get(args, "/v1/observations?" + query, "text/csv").decode("utf-8")
        table = [r for r in csv.reader(text.splitlines()) if r]
        if header is not None and table and table[0] != header:
            raise Stop(SERVICE, "the node catalog changed during the export (another model serving?)")
        header = header or (table[0] if table else None)
        rows.extend(table[1:])
    if header is None:
        raise Stop(SERVICE, "GET /v1/observations answered no CSV header")
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)
    log("exported %d stored steps of %d sensors from %s to %s in %d request(s) to %s"
        % (len(rows), len(header) - 1, pieces[0][0].isoformat(), args.until.isoformat(), len(pieces), path))
    return len(rows)


def refuse_short(steps, interval_minutes, min_days):
    covered = steps * interval_minutes / 1440.0
    if covered < min_days:
        raise Stop(TOO_LITTLE, "too little history: %d stored steps of %d minutes cover %.2f days; need %s "
                   "(--min-days)" % (steps, interval_minutes, covered, min_days))


def locations(args, path):
    """The locations file of the network directory, else one written from the service's node catalog."""
    if os.path.isfile(args.locations):
        return args.locations
    nodes, offset, total = [], 0, 1
    while offset < total:
        page = json.loads(get(args, "/v1/nodes?offset=%d&limit=1000" % offset))
        total = page["total"]
        nodes.extend(page["nodes"])
        offset += max(1, len(page["nodes"]))
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["id", "latitude", "longitude"])
        out.writerows([n["id"], n["latitude"], n["longitude"]] for n in nodes)
    log("locations of %d sensors from GET /v1/nodes (no %s)" % (len(nodes), args.locations))
    return path


# ------------------------------------------------------ train, check, load --
def run(command, code, what):
    """Runs a Python step, its output passed through; a failure stops with code and its last line."""
    log("%s: %s" % (what, " ".join(command[1:])))
    proc = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.flush()
    if proc.returncode != 0:
        last = (proc.stdout.strip().splitlines() or ["no output"])[-1]
        raise Stop(code, "%s failed (exit %d): %s" % (what, proc.returncode, last))


def train(args, speeds, where, model, version, out):
    shutil.rmtree(out, ignore_errors=True)
    run([sys.executable, os.path.join(HERE, "train.py"), "--speeds", speeds, "--adjacency", args.adjacency,
         "--locations", where, "--timezone", model["timezone"], "--interval", str(model["interval_minutes"]),
         "--out", out, "--version", version] + args.train_args, TRAINING, "training")
    run([sys.executable, os.path.join(HERE, "check_bundle.py"), out], CHECK, "bundle check")


def install(bundle, retrained, version):
    """Copies the bundle to retrained/version (dirs 0750, files 0640), complete before it appears."""
    target = os.path.join(retrained, version)
    if os.path.exists(target):
        raise Stop(USAGE, "%s exists already: one retrain per minute at most" % target)
    staging = tempfile.mkdtemp(prefix=".incoming-", dir=retrained)
    for name in sorted(os.listdir(bundle)):
        shutil.copyfile(os.path.join(bundle, name), os.path.join(staging, name))
        os.chmod(os.path.join(staging, name), 0o640)
    os.chmod(staging, 0o750)
    os.rename(staging, target)
    log("installed %s" % target)
    return target


def load_shadow(args, target):
    status, body = request(args.admin + "/tasks/model-shadow?" + urllib.parse.urlencode({"path": target}), post=True)
    if status != 200:
        raise Stop(SHADOW, "model-shadow answered %d: %s" % (status, _message(body)))
    loaded = json.loads(body)
    log("shadow loaded: %s %s; compare with GET /v1/model/accuracy, then model-promote or model-shadow-drop"
        % (loaded.get("name"), loaded.get("version")))


def main(argv, env):
    args = arguments(argv, env)
    model = json.loads(get(args, "/v1/model"))
    log("serving %s %s: %d sensors, %d-minute steps, %s" % (model["name"], model["version"], model["nodes"],
                                                          model["interval_minutes"], model["timezone"]))
    os.makedirs(args.work, exist_ok=True)
    speeds = os.path.join(args.work, "observations.csv")
    refuse_short(export(args, speeds), model["interval_minutes"], args.min_days)
    where = locations(args, os.path.join(args.work, "locations.csv"))
    version = _dt.datetime.now(_dt.timezone.utc).strftime("%Y.%m.%d-%H%M") + "-retrain"
    bundle = os.path.join(args.work, "bundle")
    train(args, speeds, where, model, version, bundle)
    load_shadow(args, install(bundle, args.retrained, version))
    return 0


if __name__ == "__main__":
    started = time.time()
    try:
        code = main(sys.argv[1:], os.environ)
        log("done in %.0f s" % (time.time() - started))
    except Stop as stop:
        print("retrain: error: %s" % stop, file=sys.stderr, flush=True)
        code = stop.code
    sys.exit(code)
