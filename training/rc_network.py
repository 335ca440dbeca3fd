"""Loading any sensor network for training: speeds, adjacency, locations, time axis.

  speeds     T-GCN layout: header of sensor ids, one row per step (needs --start
             and --interval); or the CSV that GET /v1/observations exports:
             header timestamp,<ids>, one row per stored step, empty cell =
             missing (start and interval come from the timestamps, gaps in time
             become missing steps).
  adjacency  N x N weights in the sensor order (optionally a header row of the
             ids, in any order), or an edge list with header from,to,weight
             (the only practical form for thousands of sensors: it is never
             turned into an N x N matrix). Either becomes each sensor's top-k
             neighbours (rc_graph.py).
  locations  optional id,latitude,longitude (sensor_id is accepted for id);
             without it every sensor sits at 0,0.

Every problem is an InputError whose message says what is wrong in one line.
"""
import csv
import datetime as _dt
import math
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

import rc_data as D
import rc_graph as G

MIN_TRAIN_DAYS = 2       # leave-one-day-out profiles need two training days


class InputError(Exception):
    pass


def _need(cond, msg):
    if not cond:
        raise InputError(msg)


def _rows(path, what):
    try:
        with open(path, newline="") as f:
            rows = [r for r in csv.reader(f) if r and any(c.strip() for c in r)]
    except OSError as e:
        raise InputError("cannot read %s file %s: %s" % (what, path, e.strerror))
    _need(rows, "%s file %s is empty" % (what, path))
    return rows


def _number(text, where):
    text = text.strip()
    if text == "":
        return math.nan
    try:
        return float(text)
    except ValueError:
        raise InputError("%s: %r is not a number" % (where, text))


def zone(name):
    _need(name, "--timezone is required for your own network (e.g. Europe/Berlin)")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("--timezone %r is not a known time zone" % name)
    return name


def check_interval(minutes):
    _need(minutes is not None, "--interval (minutes per step) is required for a speeds table without timestamps")
    _need(minutes >= 1 and 1440 % minutes == 0,
          "--interval %s minutes does not divide a day (1440 minutes) into whole steps" % minutes)
    return int(minutes)


def parse_time(text, tz, what):
    try:
        t = _dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError("%s %r is not an ISO-8601 time" % (what, text))
    return t.replace(tzinfo=ZoneInfo(tz)) if t.tzinfo is None else t


def _on_grid(t, minutes, what):
    _need(int(t.timestamp()) % (minutes * 60) == 0,
          "%s %s is not on the %d-minute grid the service uses (epoch seconds divisible by %d)"
          % (what, t.isoformat(), minutes, minutes * 60))


def load_speeds(path, start, interval, tz):
    """(ids, X[T,N] with NaN for missing, Grid)."""
    rows = _rows(path, "speeds")
    header = [c.strip() for c in rows[0]]
    timed = header[0].lower() == "timestamp"
    ids = header[1:] if timed else header
    _need(len(ids) >= 2, "speeds file %s names %d sensor(s); at least 2 are needed" % (path, len(ids)))
    _need(len(set(ids)) == len(ids) and all(ids),
          "speeds header repeats or leaves out a sensor id: %s" % _first_dup(ids))
    values = []
    for r, row in enumerate(rows[1:], start=2):
        _need(len(row) == len(header), "speeds line %d has %d cells, the header %d" % (r, len(row), len(header)))
        values.append([_number(c, "speeds line %d column %d" % (r, k + 1 + timed))
                       for k, c in enumerate(row[1:] if timed else row)])
    _need(values, "speeds file %s has no rows" % path)
    X = np.array(values, dtype=np.float64)
    if not timed:
        minutes = check_interval(interval)
        _need(start, "--start (ISO time of the first row) is required for a speeds table without timestamps")
        t0 = parse_time(start, tz, "--start")
        _on_grid(t0, minutes, "--start")
        return ids, X, D.Grid(t0, minutes, tz)
    times = [parse_time(row[0], tz, "speeds line %d timestamp" % (r + 2)) for r, row in enumerate(rows[1:])]
    secs = np.array([int(t.timestamp()) for t in times], dtype=np.int64)
    order = np.argsort(secs, kind="stable")
    secs, X = secs[order], X[order]
    gaps = np.diff(secs)
    _need(np.all(gaps > 0), "speeds file repeats the timestamp %s" % (
        times[order[int(np.argmin(gaps)) + 1]].isoformat() if len(gaps) else ""))
    _need(len(secs) >= 2, "speeds file has one timestamp; the interval cannot be told")
    step = int(gaps.min())
    _need(step % 60 == 0, "timestamps are %d seconds apart, not whole minutes" % step)
    minutes = check_interval(step // 60)
    _need(interval is None or interval == minutes,
          "--interval %s disagrees with the timestamps, which are %d minutes apart" % (interval, minutes))
    _need(np.all((secs - secs[0]) % step == 0), "timestamps are not all on one %d-minute grid" % minutes)
    t0 = times[order[0]]
    _on_grid(t0, minutes, "the first timestamp")
    full = np.full((int((secs[-1] - secs[0]) // step) + 1, X.shape[1]), np.nan)
    full[(secs - secs[0]) // step] = X
    return ids, full, D.Grid(t0, minutes, tz)


def _first_dup(ids):
    seen = set()
    for i in ids:
        if not i or i in seen:
            return repr(i)
        seen.add(i)
    return ""


def _mismatch(what, missing, extra):
    parts = []
    if missing:
        parts.append("lacks %d sensor(s) of the speeds header, e.g. %s" % (len(missing), ", ".join(sorted(missing)[:3])))
    if extra:
        parts.append("names %d sensor(s) not in the speeds header, e.g. %s" % (len(extra), ", ".join(sorted(extra)[:3])))
    raise InputError("%s %s" % (what, "; ".join(parts)))


def load_adjacency(path, ids, k):
    """Each sensor's top-k neighbours (rc_graph.Neighbours) from an N x N matrix or an edge list."""
    rows = _rows(path, "adjacency")
    n = len(ids)
    head = [c.strip() for c in rows[0]]
    if [h.lower() for h in head[:3]] == ["from", "to", "weight"]:
        src, dst, w = _edges(rows[1:], {s: i for i, s in enumerate(ids)})
        _need(np.all(np.isfinite(w)) and np.all(w >= 0), "adjacency weights must be finite and not negative")
        return G.from_edges(src, dst, w, n, k)
    named = any(_is_text(c) for c in head)
    body = rows[1:] if named else rows
    _need(len(body) == n and all(len(r) == n for r in body),
          "adjacency is %d x %d, the speeds header names %d sensors (need %d x %d in that order)"
          % (len(body), len(body[0]) if body else 0, n, n, n))
    A = np.array([[_number(c, "adjacency line %d" % (r + 1 + named)) for c in row]
                  for r, row in enumerate(body)])
    if named:
        if set(head) != set(ids):
            _mismatch("adjacency header", set(ids) - set(head), set(head) - set(ids))
        perm = [head.index(s) for s in ids]
        A = A[np.ix_(perm, perm)]
    _need(np.all(np.isfinite(A)) and np.all(A >= 0), "adjacency weights must be finite and not negative")
    return G.from_matrix(A, k)


def _edges(lines, index):
    """(src, dst, weight) arrays of an edge list's lines (after the header)."""
    src, dst, w = [], [], []
    for r, row in enumerate(lines, start=2):
        _need(len(row) >= 3, "adjacency line %d needs from,to,weight" % r)
        a, b = row[0].strip(), row[1].strip()
        for s in (a, b):
            _need(s in index, "adjacency edge list line %d names sensor %s, not in the speeds header" % (r, s))
        src.append(index[a])
        dst.append(index[b])
        w.append(_number(row[2], "adjacency line %d weight" % r))
    return np.array(src, dtype=np.int64), np.array(dst, dtype=np.int64), np.array(w, dtype=np.float64)


def _is_text(cell):
    try:
        float(cell)
        return False
    except ValueError:
        return True


def load_locations(path, ids):
    if not path:
        return np.zeros(len(ids)), np.zeros(len(ids))
    rows = _rows(path, "locations")
    head = [c.strip().lower() for c in rows[0]]
    key = "id" if "id" in head else "sensor_id"
    _need(key in head and "latitude" in head and "longitude" in head,
          "locations header must name id, latitude and longitude, got %s" % ",".join(rows[0]))
    k, la, lo = head.index(key), head.index("latitude"), head.index("longitude")
    by_id = {}
    for r, row in enumerate(rows[1:], start=2):
        by_id[row[k].strip()] = (_number(row[la], "locations line %d latitude" % r),
                                 _number(row[lo], "locations line %d longitude" % r))
    if set(by_id) != set(ids):
        _mismatch("locations file", set(ids) - set(by_id), set(by_id) - set(ids))
    lat = np.array([by_id[s][0] for s in ids])
    lon = np.array([by_id[s][1] for s in ids])
    _need(np.all(np.abs(lat) <= 90) and np.all(np.abs(lon) <= 180), "locations hold a latitude or longitude out of range")
    return lat, lon


def impute(X, grid, ids):
    """Fills NaN cells with the sensor's mean at that time-of-day slot (its overall
    mean where the slot has no reading). Returns (X filled, number of cells filled)."""
    bad = ~np.isfinite(X)
    empty = np.where(bad.all(axis=0))[0]
    _need(len(empty) == 0, "sensor %s has no reading at all" % (ids[int(empty[0])] if len(empty) else ""))
    prof = _slot_means(X, bad, grid)
    slot, _, _ = grid.calendar(X.shape[0])
    out = X.copy()
    out[bad] = prof[slot][bad]
    return out, int(bad.sum())


def _slot_means(X, bad, grid):
    slot, _, _ = grid.calendar(X.shape[0])
    s = D.slot_sums(np.where(bad, 0.0, X), slot, grid.slots)
    c = D.slot_sums((~bad).astype(float), slot, grid.slots)
    overall = np.where(bad, 0.0, X).sum(0) / (~bad).sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(c > 0, s / c, overall[None, :])


def check_size(T, val_steps, grid, in_steps, out_steps):
    win = in_steps + out_steps
    _need(val_steps >= win, "--val-steps %d is too small: a validation window needs %d steps (input %d + horizon %d)"
          % (val_steps, win, in_steps, out_steps))
    need = val_steps + MIN_TRAIN_DAYS * grid.slots
    _need(T >= need, "too little data: %d steps of %d minutes; need at least %d (%d days = %d steps for training "
          "+ %d validation steps for --val-steps, each window taking %d input + %d horizon steps)"
          % (T, grid.interval, need, MIN_TRAIN_DAYS, MIN_TRAIN_DAYS * grid.slots, val_steps, in_steps, out_steps))


def load(args, in_steps, out_steps, log):
    """(ids, X imputed, neighbours, lat, lon, grid) from the --speeds/--adjacency/--locations/--neighbours
    arguments."""
    tz = zone(args.timezone)
    _need(args.adjacency, "--adjacency is required with --speeds")
    ids, X, grid = load_speeds(args.speeds, args.start, args.interval, tz)
    graph = load_adjacency(args.adjacency, ids, args.neighbours)
    lat, lon = load_locations(args.locations, ids)
    T, N = X.shape
    check_size(T, args.val_steps, grid, in_steps, out_steps)
    X, filled = impute(X, grid, ids)
    log("network %s: %d sensors, %d steps of %d min from %s (%s); imputed %d of %d cells (%.2f%%) missing or NaN"
        % (args.speeds, N, T, grid.interval, grid.iso(0), tz, filled, X.size, 100.0 * filled / X.size))
    return ids, X, graph, lat, lon, grid
