"""Evaluation metric code (mirrors the hidden protocol).

pred[B, H, N] and true[B, H, N] (mph), index k-1 = horizon k steps ahead.
Single-step metrics at horizon h use only index h-1 over all samples and
sensors; pooled metrics at h use indices 0..h-1.
"""
import numpy as np

HORIZONS = (3, 6, 9, 12)


def rmse(a, b):
    d = np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)
    return float(np.sqrt(np.mean(d * d)))


def mae(a, b):
    return float(np.mean(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))


def horizon_metrics(pred, true, horizons=None):
    """{"rmse": {"h": x}, "mae": {...}, "rmse_pooled": {...}, "mae_pooled": {...}}
    keys are strings; default horizons are 1..H."""
    pred = np.asarray(pred)
    true = np.asarray(true)
    assert pred.shape == true.shape and pred.ndim == 3, (pred.shape, true.shape)
    H = pred.shape[1]
    hs = list(horizons) if horizons is not None else list(range(1, H + 1))
    out = {"rmse": {}, "mae": {}, "rmse_pooled": {}, "mae_pooled": {}}
    for h in hs:
        out["rmse"][str(h)] = rmse(pred[:, h - 1], true[:, h - 1])
        out["mae"][str(h)] = mae(pred[:, h - 1], true[:, h - 1])
        out["rmse_pooled"][str(h)] = rmse(pred[:, :h], true[:, :h])
        out["mae_pooled"][str(h)] = mae(pred[:, :h], true[:, :h])
    return out


def windows(n_steps, t_first, t_last, in_steps=12, out_steps=12):
    """Last-input indices t with t-in_steps+1 >= t_first and t+out_steps <= t_last."""
    lo = t_first + in_steps - 1
    hi = t_last - out_steps
    return np.arange(lo, hi + 1)


def gather_windows(series, ts, in_steps=12, out_steps=12):
    """X[B, in, N] (oldest first) and Y[B, out, N] (t+1..t+out)."""
    ts = np.asarray(ts)
    xi = ts[:, None] + np.arange(-in_steps + 1, 1)[None, :]
    yi = ts[:, None] + np.arange(1, out_steps + 1)[None, :]
    return series[xi], series[yi]


def fmt_row(name, m, key="rmse", hs=HORIZONS):
    return "| " + name + " | " + " | ".join("%.3f" % m[key][str(h)] for h in hs) + " |"
