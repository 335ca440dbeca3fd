"""Data loading, calendar indexing and time-of-day profiles for Roadcast training.

All arrays are numpy float64 unless noted. A "step" is one row of the speed
table; step i is the instant start + i * interval (absolute time, so a DST
change never moves the steps). Time of day, day and day of week come from the
LOCAL wall clock in the network's zone: after a 23- or 25-hour day the slots
still match the clock. For the default Los-loop data a step is 5 minutes and
step 0 is Thu 2012-03-01 00:00 PST. Day-of-week convention everywhere:
0=Monday .. 6=Sunday.
"""
import csv
import datetime as _dt
import os
from zoneinfo import ZoneInfo

import numpy as np

WEEKEND = (5, 6)


class Grid:
    """The time axis of a speed table: step i is start + i * interval_min minutes."""

    def __init__(self, start, interval_min, zone):
        self.zone_name = zone
        self.zone = ZoneInfo(zone)
        self.start_utc = start.astimezone(_dt.timezone.utc)
        self.interval = int(interval_min)
        self.slots = 1440 // self.interval
        self._cal = (np.zeros(0, int),) * 3

    def local(self, i):
        return (self.start_utc + _dt.timedelta(minutes=self.interval * int(i))).astimezone(self.zone)

    def iso(self, i):
        return self.local(i).isoformat()

    def offset_minutes(self, n_steps):
        """UTC offset (minutes) of each step's local time, [T]."""
        return np.array([self.local(i).utcoffset().total_seconds() // 60 for i in range(n_steps)], dtype=int)

    def calendar(self, n_steps):
        """slot[T] (local time-of-day slot), day[T] (local days since the first step's
        date), dow[T] (0=Mon), from each step's local wall clock."""
        if len(self._cal[0]) < n_steps:
            first = self.local(0).date().toordinal()
            slot, day, dow = (np.zeros(n_steps, dtype=np.int64) for _ in range(3))
            for i in range(n_steps):
                t = self.local(i)
                slot[i] = (t.hour * 60 + t.minute) // self.interval
                day[i] = t.date().toordinal() - first
                dow[i] = t.weekday()
            self._cal = (slot, day, dow)
        return tuple(a[:n_steps] for a in self._cal)


LOS = Grid(_dt.datetime(2012, 3, 1, 0, 0, tzinfo=ZoneInfo("America/Los_Angeles")), 5, "America/Los_Angeles")


def load(data_dir):
    """The Los-loop files (on the LOS grid): (ids[list of str], speed[T,N], adj[N,N], lat[N], lon[N])."""
    with open(os.path.join(data_dir, "los_speed_train.csv"), newline="") as f:
        rows = list(csv.reader(f))
    ids = [s.strip() for s in rows[0]]
    speed = np.array([[float(v) for v in r] for r in rows[1:] if r], dtype=np.float64)
    adj = np.loadtxt(os.path.join(data_dir, "los_adj.csv"), delimiter=",", dtype=np.float64)
    lat = np.zeros(len(ids))
    lon = np.zeros(len(ids))
    with open(os.path.join(data_dir, "los_sensor_locations.csv"), newline="") as f:
        rd = csv.DictReader(f)
        by_id = {}
        for r in rd:
            by_id[str(r["sensor_id"]).strip()] = (float(r["latitude"]), float(r["longitude"]))
    for i, s in enumerate(ids):
        lat[i], lon[i] = by_id[s]
    assert speed.shape[1] == len(ids) == adj.shape[0] == adj.shape[1]
    return ids, speed, adj, lat, lon


def iso(i, grid=LOS):
    return grid.iso(i)


def calendar(n_steps, grid=LOS):
    """slot[T], day[T], dow[T] of the steps of grid (see Grid.calendar)."""
    return grid.calendar(n_steps)


def is_weekend(dow):
    return np.isin(dow, WEEKEND)


def smooth_circular(prof, half_width):
    """Moving average over time-of-day slots, circular (wraps midnight). prof[S, N]."""
    if half_width <= 0:
        return prof.copy()
    k = 2 * half_width + 1
    ext = np.concatenate([prof[-half_width:], prof, prof[:half_width]], axis=0)
    c = np.cumsum(np.concatenate([np.zeros((1, prof.shape[1])), ext], axis=0), axis=0)
    return (c[k:] - c[:-k]) / k


def slot_sums(rows, slot, slots):
    """Sum of rows[T, N] per slot[T] in 0..slots-1 -> [slots, N], each slot's rows added in their order
    (what np.add.at gives, without its per-element cost on thousands of sensors)."""
    out = np.zeros((slots, rows.shape[1]))
    for s in np.unique(slot):
        out[s] = rows[slot == s].sum(axis=0)
    return out


def raw_profile(speed, steps_mask, grid=LOS):
    """Mean speed per (slot, sensor) over steps where steps_mask is true.
    Returns (prof[S,N], count[S]) ; slots with no data are NaN."""
    T, N = speed.shape
    slot, _, _ = grid.calendar(T)
    s = slot_sums(speed[steps_mask], slot[steps_mask], grid.slots)
    c = np.bincount(slot[steps_mask], minlength=grid.slots).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        prof = s / c[:, None]
    return prof, c


def fill_missing(prof, fallback):
    out = prof.copy()
    bad = ~np.isfinite(out)
    out[bad] = fallback[bad] if np.ndim(fallback) == 2 else np.broadcast_to(fallback, out.shape)[bad]
    return out


def build_profiles(speed, train_mask, smooth_hw=2, weekend_shrink=0.5, exclude_day=None, grid=LOS):
    """Weekday and weekend time-of-day profiles from the steps in train_mask.

    Weekday profile: mean over Mon-Fri training days per slot, smoothed.
    Weekend profile: weekend_shrink * (Sat/Sun mean) + (1 - weekend_shrink) * weekday
    profile (the data has a single weekend, so the raw weekend mean is noisy);
    falls back to the weekday profile where there is no weekend data.
    exclude_day: drop that day index (leave-one-day-out profiles).
    Returns prof[2, S, N] (0 = weekday, 1 = weekend)."""
    T, N = speed.shape
    slot, day, dow = grid.calendar(T)
    m = train_mask.copy()
    if exclude_day is not None:
        m &= day != exclude_day
    we = is_weekend(dow)
    sensor_mean = speed[m].mean(axis=0)
    wd_raw, _ = raw_profile(speed, m & ~we, grid)
    # slots with no weekday data: use any data at that slot, then the sensor mean
    any_raw, _ = raw_profile(speed, m, grid)
    wd_raw = fill_missing(fill_missing(wd_raw, any_raw), np.broadcast_to(sensor_mean, wd_raw.shape))
    wd = smooth_circular(wd_raw, smooth_hw)
    we_raw, _ = raw_profile(speed, m & we, grid)
    we_raw = fill_missing(we_raw, wd_raw)
    we_p = weekend_shrink * smooth_circular(we_raw, smooth_hw) + (1.0 - weekend_shrink) * wd
    return np.stack([wd, we_p])


def loo_profile_series(speed, train_mask, smooth_hw=2, weekend_shrink=0.5, grid=LOS):
    """For every step i, the profile value at step i computed WITHOUT the day of
    step i when that day is in the training set (out-of-sample for training
    features), and the full training profile otherwise.  Returns P[T, N]."""
    T, N = speed.shape
    slot, day, dow = grid.calendar(T)
    full = build_profiles(speed, train_mask, smooth_hw, weekend_shrink, grid=grid)
    cls = is_weekend(dow).astype(int)
    P = full[cls, slot]
    for d in np.unique(day[train_mask]):
        prof = build_profiles(speed, train_mask, smooth_hw, weekend_shrink, exclude_day=d, grid=grid)
        sel = day == d
        P[sel] = prof[cls[sel], slot[sel]]
    return P, full
