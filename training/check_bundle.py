#!/usr/bin/python3
"""Validate a Roadcast model bundle directory (model.json + ONNX file).

  /usr/bin/python3 training/check_bundle.py models

Checks: metadata fields and types, node catalog, sha256 of the ONNX file,
onnx.checker, the input/output contract (names, dtypes, shapes), and that the
graph evaluates (onnx.reference.ReferenceEvaluator if available, else the
bundled numpy interpreter onnx_mini) to finite, plausible forecasts of shape
[batch, output_steps, nodes] on sample inputs, including a window whose
forecast crosses midnight into the weekend. Exits 0 if all pass, 1 otherwise.
"""
import hashlib
import json
import math
import os
import sys

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

REQUIRED = {
    "name": str, "version": str, "onnx_file": str, "sha256": str,
    "input_steps": int, "output_steps": int, "interval_minutes": int, "timezone": str,
    "inputs": dict, "output": str, "nodes": list, "normalisation": dict,
    "training_period": dict, "validation": dict, "architecture": str,
}
HORIZON_KEYS = ("3", "6", "9", "12")
MAX_ONNX_BYTES = 20 * 1024 * 1024     # plus the per-sensor allowance below: a bundle grows linearly with sensors
MAX_ONNX_BYTES_PER_NODE = 16 * 1024   # tables per sensor (profiles, blend, neighbours) take ~3 KB at 5 minutes


class BundleError(Exception):
    pass


def _need(cond, msg):
    if not cond:
        raise BundleError(msg)


def _finite_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def check_metadata(meta):
    for k, t in REQUIRED.items():
        _need(k in meta, "model.json: missing field %r" % k)
        _need(isinstance(meta[k], t) and not isinstance(meta[k], bool),
              "model.json: field %r should be %s" % (k, t.__name__))
    _need(meta["name"].startswith("roadcast-"), "name must start with 'roadcast-'")
    _need(len(meta["sha256"]) == 64 and all(c in "0123456789abcdef" for c in meta["sha256"]),
          "sha256 must be 64 lowercase hex chars")
    _need(meta["input_steps"] > 0 and meta["output_steps"] >= max(int(h) for h in HORIZON_KEYS),
          "input_steps must be positive and output_steps at least %s" % HORIZON_KEYS[-1])
    _need(0 < meta["interval_minutes"] <= 1440 and 1440 % meta["interval_minutes"] == 0,
          "interval_minutes must divide a day")
    try:
        ZoneInfo(meta["timezone"])
    except (ZoneInfoNotFoundError, ValueError):
        raise BundleError("timezone %r is not a known time zone" % meta["timezone"])
    for k in ("speed", "time_of_day", "day_of_week"):
        _need(isinstance(meta["inputs"].get(k), str), "inputs.%s missing" % k)
    nodes = meta["nodes"]
    _need(len(nodes) > 0, "nodes empty")
    seen = set()
    for i, n in enumerate(nodes):
        _need(isinstance(n, dict), "nodes[%d] not an object" % i)
        _need(isinstance(n.get("id"), str) and n["id"], "nodes[%d].id must be a non-empty string" % i)
        _need(n["id"] not in seen, "duplicate node id %s" % n["id"])
        seen.add(n["id"])
        for f, lo, hi in (("latitude", -90, 90), ("longitude", -180, 180), ("mean_speed", 0, 150)):
            _need(_finite_num(n.get(f)) and lo <= n[f] <= hi, "nodes[%d].%s invalid" % (i, f))
    norm = meta["normalisation"]
    _need("mean" in norm and "std" in norm, "normalisation needs mean and std")
    for k in ("start", "end"):
        _need(isinstance(meta["training_period"].get(k), str), "training_period.%s missing" % k)
    v = meta["validation"]
    _need(isinstance(v.get("period"), dict) and "start" in v["period"] and "end" in v["period"],
          "validation.period needs start/end")
    for m in ("rmse", "mae"):
        _need(isinstance(v.get(m), dict), "validation.%s missing" % m)
        for h in HORIZON_KEYS:
            _need(_finite_num(v[m].get(h)), "validation.%s[%s] missing/not finite" % (m, h))
    b = v.get("baselines")
    _need(isinstance(b, dict), "validation.baselines missing")
    for name in ("persistence", "time_of_day", "blend"):
        _need(isinstance(b.get(name), dict) and isinstance(b[name].get("rmse"), dict),
              "validation.baselines.%s.rmse missing" % name)
        for h in HORIZON_KEYS:
            _need(_finite_num(b[name]["rmse"].get(h)), "baselines.%s.rmse[%s] missing" % (name, h))


def _sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _dims(vi):
    return [d.dim_param if d.dim_param else d.dim_value for d in vi.type.tensor_type.shape.dim]


def evaluate(model, feeds):
    """Run the ONNX graph in Python: reference evaluator if present, else onnx_mini."""
    try:
        from onnx.reference import ReferenceEvaluator  # onnx >= 1.13
        out_names = [o.name for o in model.graph.output]
        res = ReferenceEvaluator(model).run(None, feeds)
        return dict(zip(out_names, res)), "onnx.reference"
    except ImportError:
        import onnx_mini
        return onnx_mini.run(model, feeds), "onnx_mini"


def sample_inputs(meta, n_nodes, rng):
    base = np.array([n["mean_speed"] for n in meta["nodes"]], dtype=np.float32)
    speed = np.clip(base[None, None, :] + rng.normal(0, 3, (3, meta["input_steps"], n_nodes)), 1, 70).astype(np.float32)
    last = 1 - meta["interval_minutes"] / 1440                          # the day's last step: crosses midnight
    tod = np.array([860 / 1440, last, 0.0], dtype=np.float32)          # 14:20, 23:55 at 5 minutes, 00:00
    dow = np.array([1, 4, 6], dtype=np.int64)                          # Tue, Fri->Sat, Sun
    return speed, tod, dow


def check(bundle_dir, verbose=True):
    import onnx
    mpath = os.path.join(bundle_dir, "model.json")
    _need(os.path.isfile(mpath), "no model.json in %s" % bundle_dir)
    with open(mpath) as f:
        try:
            meta = json.load(f)
        except ValueError as e:
            raise BundleError("model.json is not valid JSON: %s" % e)
    check_metadata(meta)
    opath = os.path.join(bundle_dir, meta["onnx_file"])
    _need(os.path.isfile(opath), "onnx file %s missing" % meta["onnx_file"])
    limit = MAX_ONNX_BYTES + MAX_ONNX_BYTES_PER_NODE * len(meta["nodes"])
    _need(os.path.getsize(opath) <= limit, "onnx file of %d bytes is larger than %d (20 MB + 16 KB per node)"
          % (os.path.getsize(opath), limit))
    _need(_sha256(opath) == meta["sha256"], "sha256 mismatch for %s" % meta["onnx_file"])
    model = onnx.load(opath)
    try:
        onnx.checker.check_model(model)
    except Exception as e:  # onnx raises ValidationError
        raise BundleError("onnx.checker failed: %s" % e)
    inits = {i.name for i in model.graph.initializer}
    ins = {i.name: i for i in model.graph.input if i.name not in inits}
    outs = {o.name: o for o in model.graph.output}
    n_nodes = len(meta["nodes"])
    names = meta["inputs"]
    steps_in, steps_out = meta["input_steps"], meta["output_steps"]
    exp_in = {names["speed"]: (1, ["batch", steps_in, n_nodes]),
              names["time_of_day"]: (1, ["batch"]),
              names["day_of_week"]: (7, ["batch"])}
    _need(set(ins) == set(exp_in), "graph inputs %s != %s" % (sorted(ins), sorted(exp_in)))
    for name, (dt, shape) in exp_in.items():
        vi = ins[name]
        _need(vi.type.tensor_type.elem_type == dt, "input %s has wrong dtype" % name)
        d = _dims(vi)
        _need(len(d) == len(shape), "input %s rank %d, want %d" % (name, len(d), len(shape)))
        _need(isinstance(d[0], str) or d[0] == 0, "input %s batch dim must be dynamic" % name)
        _need(d[1:] == shape[1:], "input %s shape %s, want %s" % (name, d, shape))
    _need(meta["output"] in outs, "graph output %r missing (have %s)" % (meta["output"], sorted(outs)))
    od = _dims(outs[meta["output"]])
    _need(outs[meta["output"]].type.tensor_type.elem_type == 1, "output must be float32")
    _need(len(od) == 3 and od[1:] == [steps_out, n_nodes],
          "output shape %s, want [batch, %d, %d]" % (od, steps_out, n_nodes))

    speed, tod, dow = sample_inputs(meta, n_nodes, np.random.default_rng(0))
    feeds = {names["speed"]: speed, names["time_of_day"]: tod, names["day_of_week"]: dow}
    res, engine = evaluate(model, feeds)
    y = np.asarray(res[meta["output"]])
    _need(y.shape == (3, steps_out, n_nodes), "forecast shape %s, want (3, %d, %d)" % (y.shape, steps_out, n_nodes))
    _need(y.dtype == np.float32, "forecast dtype %s" % y.dtype)
    _need(np.all(np.isfinite(y)), "forecast has non-finite values")
    _need(y.min() >= 0 and y.max() <= 120, "forecast outside [0, 120] mph: %.2f..%.2f" % (y.min(), y.max()))
    # batch 1 must equal the same row of the batch-3 run (Java uses batch 1)
    res1, _ = evaluate(model, {k: v[1:2] for k, v in feeds.items()})
    _need(np.allclose(np.asarray(res1[meta["output"]]), y[1:2], atol=1e-3), "batch-1 result differs from batch-3 row")
    if verbose:
        print("bundle OK: %s %s, %d nodes, evaluated with %s, forecast range %.1f..%.1f mph"
              % (meta["name"], meta["version"], n_nodes, engine, y.min(), y.max()))
    return meta


def main(argv):
    if len(argv) != 2:
        print("usage: check_bundle.py BUNDLE_DIR", file=sys.stderr)
        return 2
    try:
        check(argv[1])
    except BundleError as e:
        print("bundle INVALID: %s" % e, file=sys.stderr)
        return 1
    except Exception as e:  # anything unexpected is a failure too
        print("bundle INVALID (%s): %s" % (type(e).__name__, e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
