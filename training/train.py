#!/usr/bin/python3
"""Roadcast training pipeline: validation fit -> model selection -> refit on all
data -> ONNX export -> bundle (model.onnx + model.json) in --out.

  /usr/bin/python3 training/train.py --data ../shared/data --out models
  /usr/bin/python3 training/train.py --data ../shared/data --out /tmp/b --smoke
  /usr/bin/python3 training/train.py --speeds S.csv --adjacency A.csv [--locations L.csv] \
      --start 2024-03-01T00:00 --interval 15 --timezone Europe/Berlin --out DIR \
      [--epochs N --members N --val-steps N --neighbours K]

The first form trains the default Los-loop bundle; the last any sensor network
(file formats in rc_network.py and docs/MODEL.md).

See docs/MODEL.md for the approach and the numbers.
"""
import argparse
import datetime as _dt
import hashlib
import json
import os
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rc_data as D  # noqa: E402
import rc_graph as G  # noqa: E402
import rc_metrics as M  # noqa: E402
import rc_network as NW  # noqa: E402
from rc_model import RoadcastModel, IN_STEPS, OUT_STEPS, N_BLEND_FEATS  # noqa: E402

SEED = 20120301
H = np.arange(1, OUT_STEPS + 1)


def log(*a):
    print("[train %s]" % time.strftime("%H:%M:%S"), *a, flush=True)


# ---------------------------------------------------------------- features --
class Split:
    """Everything derived from one training mask (profiles are training-only)."""

    def __init__(self, X, train_mask, smooth_hw, weekend_shrink, grid):
        self.X = X
        self.grid = grid
        T = X.shape[0]
        self.slot, self.day, self.dow = grid.calendar(T)
        self.ploo, self.prof = D.loo_profile_series(X, train_mask, smooth_hw, weekend_shrink, grid)
        self.train_mask = train_mask
        self.mean = float(X[train_mask].mean())
        self.std = float(X[train_mask].std())
        self.node_mean = X[train_mask].mean(axis=0)

    def window_arrays(self, ts, cols=slice(None)):
        """Arrays for last-input indices ts (and the sensors in cols): x, p_in, p_tgt, weekend_tgt,
        tod, y (y clipped at the series end; only used where it exists)."""
        T = self.X.shape[0]
        ii, tgc = input_target_steps(ts, T)
        X, P = self.X[:, cols], self.ploo[:, cols]
        return dict(x=X[ii], p_in=P[ii], p_tgt=P[tgc], y=X[tgc], **self.calendar_arrays(ts))

    def calendar_arrays(self, ts):
        """weekend_tgt [W, 12] (target day is Sat/Sun) and tod [W] of the windows ending at ts."""
        tg = ts[:, None] + H[None, :]
        # calendar of the target times (extends past the series end if needed)
        _, _, dow_ext = self.grid.calendar(self.X.shape[0] + OUT_STEPS)
        return dict(weekend_tgt=D.is_weekend(dow_ext[tg]).astype(np.float64), tod=self.slot[ts] / self.grid.slots)


def input_target_steps(ts, T):
    """Step indices [W, 12] of each window's inputs and of its targets (clipped at the series end)."""
    ii = ts[:, None] + np.arange(-IN_STEPS + 1, 1)[None, :]
    return ii, np.minimum(ts[:, None] + H[None, :], T - 1)


class TorchWindows:
    """Training windows as float32 tensors, cut from the [T, N] series per batch: memory grows with
    steps x sensors, not windows x 48 x sensors (what holding every window would take)."""

    def __init__(self, sp, ts):
        self.X = torch.tensor(sp.X, dtype=torch.float32)
        self.P = torch.tensor(sp.ploo, dtype=torch.float32)
        self.ts = np.asarray(ts)
        self.cal = to_t(sp.calendar_arrays(self.ts))
        self.n = len(self.ts)

    def batch(self, idx):
        """The tensors of windows idx (a slice or an index tensor): x, p_in, p_tgt, weekend_tgt, tod, y."""
        idx = np.arange(self.n)[idx.numpy() if torch.is_tensor(idx) else idx]
        ii, tg = (torch.as_tensor(a) for a in input_target_steps(self.ts[idx], self.X.shape[0]))
        return dict(x=self.X[ii], p_in=self.P[ii], p_tgt=self.P[tg], y=self.X[tg],
                    weekend_tgt=self.cal["weekend_tgt"][torch.as_tensor(idx)], tod=self.cal["tod"][torch.as_tensor(idx)])


def blend_feats_np(w, n_feats):
    x = w["x"]
    B, _, N = x.shape
    xl = np.repeat(x[:, -1:, :], OUT_STEPS, 1)
    if n_feats == 3:   # the reference baseline: last value + profile + intercept
        return np.stack([xl, w["p_tgt"], np.ones_like(xl)], -1)
    x3 = np.repeat(x[:, -3:, :].mean(1, keepdims=True), OUT_STEPS, 1)
    pn = np.repeat(w["p_in"][:, -1:, :], OUT_STEPS, 1)
    return np.stack([xl, x3, w["p_tgt"], pn, np.ones_like(xl)], -1)


def lstsq_per_sensor(F, Y, ridge=1e-3):
    """F[B,H,N,K], Y[B,H,N] -> W[H,N,K] (ridge relative to the feature scale)."""
    B, Hh, N, K = F.shape
    W = np.zeros((Hh, N, K))
    for h in range(Hh):
        Fh = np.transpose(F[:, h], (1, 0, 2))               # [N,B,K]
        G = np.einsum("nbk,nbl->nkl", Fh, Fh)               # [N,K,K]
        r = np.einsum("nbk,nb->nk", Fh, Y[:, h].T)
        reg = ridge * np.trace(G, axis1=1, axis2=2)[:, None, None] / K * np.eye(K)[None]
        W[h] = np.linalg.solve(G + reg, r[..., None])[..., 0]
    return W


def fit_blend(sp, ts, n_feats, weekend_mix=0.5, ridge=1e-6, block_bytes=64 << 20):
    """Returns coef[2,H,N,K]: [0] used for weekday targets, [1] for weekend targets.
    [0] is fitted on all training windows (more data beats a weekday-only fit on
    validation); [1] is the fit on weekend-target windows only (one weekend of
    data) shrunk halfway towards [0]. Each sensor's fit is its own, so the sensors
    are fitted in blocks whose features take about block_bytes."""
    N = sp.X.shape[1]
    per_sensor = len(ts) * OUT_STEPS * (n_feats + 6) * 8
    step = max(1, block_bytes // per_sensor)
    return np.concatenate([fit_blend_block(sp.window_arrays(ts, slice(c, c + step)), n_feats, weekend_mix, ridge)
                           for c in range(0, N, step)], axis=2)


def fit_blend_block(w, n_feats, weekend_mix, ridge):
    F = blend_feats_np(w, n_feats)
    Y = w["y"]
    wk = w["weekend_tgt"].astype(bool)                        # [B,H]
    Wall = lstsq_per_sensor(F, Y, ridge)
    Wwe = Wall.copy()
    for h in range(OUT_STEPS):
        sel = wk[:, h]
        if sel.sum() >= 50:
            we = lstsq_per_sensor(F[sel, h:h + 1], Y[sel, h:h + 1], ridge)[0]
            Wwe[h] = weekend_mix * we + (1 - weekend_mix) * Wall[h]
    return np.stack([Wall, Wwe])


def apply_blend_np(coef, w, n_feats):
    F = blend_feats_np(w, n_feats)
    wk = w["weekend_tgt"][:, :, None, None]
    c = coef[0][None] * (1 - wk) + coef[1][None] * wk
    return (F * c).sum(-1)


# ---------------------------------------------------------------- training --
def to_t(w):
    return {k: torch.tensor(v, dtype=torch.float32) for k, v in w.items()}


def predict_core(model, wt, bs=64):
    out = []
    with torch.no_grad():
        for i in range(0, wt.n, bs):
            b = wt.batch(slice(i, i + bs))
            out.append(model.core(b["x"], b["p_in"], b["p_tgt"], b["weekend_tgt"], b["tod"]).clamp(0, 90))
    return torch.cat(out).numpy().astype(np.float64)


def score(pred, y):
    m = M.horizon_metrics(pred, y)
    return m, float(np.mean([m["rmse"][str(h)] for h in M.HORIZONS]))


def train_residual(model, wtr, epochs, lr, wd, bs, wval=None, max_batches=None, log_every=10, seed=SEED,
                   sched_epochs=None):
    """Adam on MSE (normalised units, all 12 horizons). If wval is given, keeps
    the best epoch by mean single-step RMSE at 3/6/9/12 and returns it."""
    g = torch.Generator().manual_seed(seed)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.Adam(params, lr=lr, weight_decay=wd)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=max(1, sched_epochs or epochs))
    n = wtr.n
    best = (float("inf"), 0, None)
    yval = None if wval is None else wval.batch(slice(None))["y"].numpy()
    hist = []
    for ep in range(1, epochs + 1):
        model.train()
        perm = torch.randperm(n, generator=g)
        tot = 0.0
        nb = 0
        for i in range(0, n, bs):
            b = wtr.batch(perm[i:i + bs])
            pred = model.core(b["x"], b["p_in"], b["p_tgt"], b["weekend_tgt"], b["tod"])
            loss = (((pred - b["y"]) / model.std) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            tot += float(loss)
            nb += 1
            if max_batches and nb >= max_batches:
                break
        sched.step()
        model.eval()
        if wval is not None:
            _, s = score(predict_core(model, wval), yval)
            hist.append(s)
            if s < best[0]:
                best = (s, ep, {k: v.clone() for k, v in model.state_dict().items()})
            if ep % log_every == 0 or ep == 1:
                log("  epoch %d loss %.4f val mean-RMSE(3,6,9,12) %.4f" % (ep, tot / nb, s))
        elif ep % log_every == 0 or ep == 1:
            log("  epoch %d loss %.4f" % (ep, tot / nb))
    if wval is not None and best[2] is not None:
        model.load_state_dict(best[2])
    return best[1], hist


# ------------------------------------------------------------------ export --
def export_onnx(model, path, n_nodes):
    model.eval()
    ex = (torch.full((1, IN_STEPS, n_nodes), 60.0),
          torch.tensor([860.0 / 1440.0]), torch.tensor([1], dtype=torch.int64))
    torch.onnx.export(
        model, ex, path, opset_version=17, do_constant_folding=True,
        input_names=["speed", "time_of_day", "day_of_week"], output_names=["forecast"],
        dynamic_axes={"speed": {0: "batch"}, "time_of_day": {0: "batch"},
                      "day_of_week": {0: "batch"}, "forecast": {0: "batch"}})


def table_inputs(X, ts, grid):
    """Contract inputs for windows ending at ts: speed[B,12,N], time_of_day[B], day_of_week[B]."""
    slot, day, dow = grid.calendar(int(ts.max()) + 1)
    ii = ts[:, None] + np.arange(-IN_STEPS + 1, 1)[None, :]
    return (X[ii].astype(np.float32), (slot[ts] / grid.slots).astype(np.float32), dow[ts].astype(np.int64))


def check_windows(grid, T, smoke):
    """Windows at every hour (every 5th hour in smoke mode) and every last slot of a
    day (targets cross midnight), leaving out those whose 24 steps span a change of
    UTC offset: there the graph, which counts steps from the newest one's wall
    clock, looks up the profile an hour off by design (docs/MODEL.md)."""
    per_hour = max(1, 60 // grid.interval)
    slot, _, _ = grid.calendar(T)
    chk = np.unique(np.concatenate([np.arange(IN_STEPS - 1, T, per_hour * (5 if smoke else 1)),
                                    np.where(slot == grid.slots - 1)[0]]))
    chk = chk[chk >= IN_STEPS - 1]
    off = grid.offset_minutes(T + OUT_STEPS)
    steady = np.array([off[t - IN_STEPS + 1] == off[t + OUT_STEPS] for t in chk], dtype=bool)
    return chk[steady]


def verify_export(model, fsp, X, onnx_path, ts, cells=100_000):
    """1) forward() (calendar lookup inside the graph) == core() fed with profile
    values looked up in numpy from the same tables, incl. windows whose targets
    cross midnight / into the weekend; 2) the ONNX graph (numpy interpreter, or
    the reference evaluator) == torch. Windows go in batches of about `cells`
    (window, sensor) pairs, so memory stays bounded for large networks. Raises
    on mismatch; returns max diffs."""
    import onnx
    import check_bundle
    graph = onnx.load(onnx_path)
    ext = int(ts.max()) + OUT_STEPS + 1
    slot, _, dw = fsp.grid.calendar(ext)
    cls = D.is_weekend(dw).astype(int)
    P = fsp.prof[cls, slot]                                       # table profile at every step
    d1 = d2 = 0.0
    engine = None
    for c in range(0, len(ts), max(1, cells // X.shape[1])):
        part = ts[c:c + max(1, cells // X.shape[1])]
        speed, tod, dow = table_inputs(X, part, fsp.grid)
        ii, tg = input_target_steps(part, ext)
        with torch.no_grad():
            y_fwd = model(torch.tensor(speed), torch.tensor(tod), torch.tensor(dow)).numpy()
            y_core = model.core(torch.tensor(speed), torch.tensor(P[ii], dtype=torch.float32),
                                torch.tensor(P[tg], dtype=torch.float32),
                                torch.tensor(cls[tg], dtype=torch.float32),
                                torch.tensor(tod)).clamp(0, 90).numpy()
        d1 = max(d1, float(np.abs(y_fwd - y_core).max()))
        res, engine = check_bundle.evaluate(graph, {"speed": speed, "time_of_day": tod, "day_of_week": dow})
        d2 = max(d2, float(np.abs(res["forecast"] - y_fwd).max()))
    log("export check: forward vs core max|diff| %.2e; onnx(%s) vs torch max|diff| %.2e over %d windows"
        % (d1, engine, d2, len(ts)))
    if not (d1 < 1e-3 and d2 < 1e-2):
        raise SystemExit("export verification failed")
    return d1, d2


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def r4(d):
    return {k: round(float(v), 4) for k, v in d.items()}


# -------------------------------------------------------------------- main --
def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default="../shared/data", help="the Los-loop files (default bundle)")
    ap.add_argument("--speeds", help="your own network: speeds CSV (T-GCN layout or an observations export)")
    ap.add_argument("--adjacency", help="N x N weights in the sensor order, or an edge list from,to,weight")
    ap.add_argument("--neighbours", type=int, default=G.DEFAULT_K,
                    help="neighbours kept per sensor, the strongest by weight (default %(default)s)")
    ap.add_argument("--locations", help="optional id,latitude,longitude (else 0,0)")
    ap.add_argument("--start", help="ISO time of the first speeds row (no offset: local time in --timezone)")
    ap.add_argument("--interval", type=int, help="minutes per step; must divide a day")
    ap.add_argument("--timezone", help="IANA zone of the network (time of day and day of week are local)")
    ap.add_argument("--out", default="models")
    ap.add_argument("--smoke", action="store_true", help="tiny fast run (CI): small slice, few steps")
    ap.add_argument("--val-steps", type=int, default=300)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--smooth", type=int, default=None,
                    help="profile smoothing half-width in slots (default: 30 minutes' worth, 6 at 5 minutes)")
    ap.add_argument("--weekend-shrink", type=float, default=0.5)
    ap.add_argument("--gnn", action="store_true", help="residual head with a message-passing layer")
    ap.add_argument("--members", type=int, default=5, help="ensemble size of the residual MLP")
    ap.add_argument("--no-ablation", dest="ablation", action="store_false",
                    help="skip the residual-without-graph ablation (reported only, never shipped)")
    ap.add_argument("--no-residual", action="store_true", help="ship the blend only")
    ap.add_argument("--no-refit", action="store_true", help="ship the validation fit (train part only)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--version", default=None)
    args = ap.parse_args(argv)
    try:
        return train(args)
    except NW.InputError as e:
        print("train.py: error: %s" % e, file=sys.stderr, flush=True)
        return 2


def load_data(args):
    if args.speeds:
        return NW.load(args, IN_STEPS, OUT_STEPS, log)
    for flag in ("adjacency", "locations", "start", "interval", "timezone"):
        if getattr(args, flag) is not None:
            raise NW.InputError("--%s needs --speeds (your own network)" % flag)
    ids, X, A, lat, lon = D.load(args.data)
    return ids, X, G.from_matrix(A, args.neighbours), lat, lon, D.LOS


def train(args):
    t_start = time.time()
    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.use_deterministic_algorithms(True)

    if args.neighbours < 1:
        raise NW.InputError("--neighbours %d: keep at least 1 neighbour per sensor" % args.neighbours)
    ids, X, graph, lat, lon, grid = load_data(args)
    if args.smooth is None:
        args.smooth = max(0, round(30 / grid.interval))
    if args.smoke:
        X = X[:700]
        args.val_steps = min(args.val_steps, 150)
        args.epochs = 2
        args.members = min(args.members, 2)
        args.ablation = False
    T, N = X.shape
    tv = T - args.val_steps
    train_mask = np.arange(T) < tv
    log("graph: up to %d neighbours per sensor (--neighbours %d; fewer when no sensor has that many)"
        % (graph.k, args.neighbours))
    log("data %s, %d sensors; train steps 0..%d (%s .. %s), validation %d..%d (%s .. %s)"
        % (X.shape, N, tv - 1, grid.iso(0), grid.iso(tv - 1), tv, T - 1, grid.iso(tv), grid.iso(T - 1)))

    # ---------------- phase A: fit on the training part, score on validation
    sp = Split(X, train_mask, args.smooth, args.weekend_shrink, grid)
    tr_ts = M.windows(T, 0, tv - 1)
    va_ts = M.windows(T, tv, T - 1)
    wva = sp.window_arrays(va_ts)
    yva = wva["y"]
    results = {}
    results["persistence"] = M.horizon_metrics(np.repeat(wva["x"][:, -1:], OUT_STEPS, 1), yva)
    results["time_of_day"] = M.horizon_metrics(wva["p_tgt"], yva)
    coef3 = fit_blend(sp, tr_ts, 3)
    results["blend"] = M.horizon_metrics(apply_blend_np(coef3, wva, 3), yva)
    coef5 = fit_blend(sp, tr_ts, N_BLEND_FEATS)
    results["blend_plus"] = M.horizon_metrics(apply_blend_np(coef5, wva, N_BLEND_FEATS), yva)
    for k in results:
        log("%-12s RMSE %s" % (k, M.fmt_row("", results[k])))

    member_epochs = []
    if not args.no_residual:
        wtr_t, wva_t = TorchWindows(sp, tr_ts), TorchWindows(sp, va_ts)
        variants = [("residual_graph", graph)]
        if args.ablation:
            variants.append(("residual_nograph", graph.without_edges()))
        for vname, nb in variants:
            members = []
            for k in range(args.members):
                torch.manual_seed(SEED + k)
                m_k = RoadcastModel(sp.prof, coef5, nb, sp.mean, sp.std, residual=True, hidden=args.hidden, gnn=args.gnn)
                log("%s member %d/%d: training on %d windows (%d epochs max)"
                    % (vname, k + 1, args.members, len(tr_ts), args.epochs))
                ep_k, _ = train_residual(m_k, wtr_t, args.epochs, args.lr, args.weight_decay, args.batch,
                                         wval=wva_t, max_batches=3 if args.smoke else None, seed=SEED + k)
                members.append(m_k)
                if vname == "residual_graph":
                    member_epochs.append(max(ep_k, 1))
                results["%s_member%d" % (vname, k)] = M.horizon_metrics(predict_core(m_k, wva_t), yva)
            model_v = members[0]
            model_v.merge_heads(members[1:])
            results[vname] = M.horizon_metrics(predict_core(model_v, wva_t), yva)
            log("%s (%d members) RMSE %s" % (vname, args.members, M.fmt_row("", results[vname])))
            if vname == "residual_graph":
                model = model_v
    best_epochs = member_epochs

    # ---------------- model selection: must not lose to the blend at any horizon
    floor = results["blend"]["rmse"]

    def ok(m):
        return all(m["rmse"][str(h)] <= floor[str(h)] + 1e-9 for h in M.HORIZONS)

    def mean_rmse(m):
        return float(np.mean([m["rmse"][str(h)] for h in M.HORIZONS]))

    cands = [k for k in ("residual_graph", "blend_plus", "blend") if k in results and ok(results[k])]
    chosen = min(cands, key=lambda k: mean_rmse(results[k])) if cands else "blend"
    if args.smoke and chosen != "residual_graph" and "residual_graph" in results:
        chosen = "residual_graph"   # smoke exercises the full export path regardless
    log("selected: %s" % chosen)

    # ---------------- phase B: refit on all steps (unless --no-refit) and export
    if args.no_refit:
        fsp, fcoef5, fcoef3 = sp, coef5, coef3
        final_ts = tr_ts
        final_end = tv - 1
    else:
        full_mask = np.ones(T, dtype=bool)
        fsp = Split(X, full_mask, args.smooth, args.weekend_shrink, grid)
        final_ts = M.windows(T, 0, T - 1)
        fcoef5 = fit_blend(fsp, final_ts, N_BLEND_FEATS)
        fcoef3 = fit_blend(fsp, final_ts, 3)
        final_end = T - 1
    if chosen == "blend":
        # express the 3-feature blend with the 5-feature layout (zeros for the extras)
        c = np.zeros(fcoef3.shape[:3] + (N_BLEND_FEATS,))
        c[..., 0], c[..., 2], c[..., 4] = fcoef3[..., 0], fcoef3[..., 1], fcoef3[..., 2]
        final = RoadcastModel(fsp.prof, c, graph, fsp.mean, fsp.std, residual=False)
    elif chosen == "blend_plus":
        final = RoadcastModel(fsp.prof, fcoef5, graph, fsp.mean, fsp.std, residual=False)
    else:
        if args.no_refit:
            final = model
        else:
            members = []
            for k, ep_k in enumerate(best_epochs):
                torch.manual_seed(SEED + k)
                m_k = RoadcastModel(fsp.prof, fcoef5, graph, fsp.mean, fsp.std, residual=True, hidden=args.hidden, gnn=args.gnn)
                log("refit member %d/%d on all %d windows for %d epochs" % (k + 1, len(best_epochs), len(final_ts), ep_k))
                if k == 0:
                    wall_t = TorchWindows(fsp, final_ts)
                train_residual(m_k, wall_t, ep_k, args.lr, args.weight_decay, args.batch,
                               max_batches=3 if args.smoke else None, seed=SEED + k,
                               sched_epochs=args.epochs)   # same LR schedule as the validation run
                members.append(m_k)
            final = members[0]
            final.merge_heads(members[1:])
    final.eval()

    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    export_onnx(final, onnx_path, N)
    verify_export(final, fsp, X, onnx_path, check_windows(grid, T, args.smoke))
    digest = sha256(onnx_path)
    train_seconds = time.time() - t_start

    version = args.version or (_dt.datetime.now(_dt.timezone.utc).strftime("%Y.%m.%d") + ("-smoke" if args.smoke else "-1"))
    arch = {
        "blend": "per-sensor per-horizon least-squares blend of last speed and smoothed time-of-day profile",
        "blend_plus": "per-sensor per-horizon least-squares blend of last speed, 15-min mean, "
                      "time-of-day profile at target and now (weekday/weekend tables by target day)",
        "residual_graph": "blend_plus + residual MLP shared across sensors (own and 1/2-hop graph "
                          "neighbour anomalies over the last hour, top-%d neighbours per sensor, profile ahead, "
                          "sensor embedding), ensemble of %d" % (graph.k, args.members),
    }[chosen]
    hz = [str(h) for h in H]
    meta = {
        "name": "roadcast-" + ("graph-residual" if chosen == "residual_graph" else "blend"),
        "version": version,
        "onnx_file": "model.onnx",
        "sha256": digest,
        "input_steps": IN_STEPS,
        "output_steps": OUT_STEPS,
        "interval_minutes": grid.interval,
        "timezone": grid.zone_name,
        "inputs": {"speed": "speed", "time_of_day": "time_of_day", "day_of_week": "day_of_week"},
        "output": "forecast",
        "nodes": [{"id": ids[i], "latitude": float(lat[i]), "longitude": float(lon[i]),
                   "mean_speed": round(float(fsp.node_mean[i]), 3)} for i in range(N)],
        "normalisation": {"mean": round(fsp.mean, 6), "std": round(fsp.std, 6)},
        "training_period": {"start": grid.iso(0), "end": grid.iso(final_end)},
        "validation": {
            "period": {"start": grid.iso(tv), "end": grid.iso(T - 1)},
            "rmse": r4({k: results[chosen]["rmse"][k] for k in hz}),
            "mae": r4({k: results[chosen]["mae"][k] for k in hz}),
            "baselines": {b: {"rmse": r4({k: results[b]["rmse"][k] for k in hz})}
                          for b in ("persistence", "time_of_day", "blend")},
        },
        "architecture": arch,
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    report = {
        "selected": chosen, "refit_on_all_data": not args.no_refit, "smoke": args.smoke,
        "train_seconds": round(train_seconds, 1), "member_epochs": best_epochs,
        "args": vars(args), "validation_windows": int(len(va_ts)), "train_windows": int(len(tr_ts)),
        "results": results,
    }
    with open(os.path.join(args.out, "training_report.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    log("bundle written to %s (sha256 %s..., %.1f s total)" % (args.out, digest[:12], train_seconds))
    log("| model | " + " | ".join("h%s" % h for h in M.HORIZONS) + " |")
    for k, m in results.items():
        log(M.fmt_row(k, m))
    return 0


if __name__ == "__main__":
    sys.exit(main())
