"""Minimal numpy interpreter for the ONNX operators our exported graph uses.

Used by check_bundle.py when onnx.reference.ReferenceEvaluator is unavailable
(Debian's python3-onnx 1.12 predates it) and there is no onnxruntime for
Python here. Covers a small, explicit op set; anything else raises
NotImplementedError so a graph change can't be silently mis-evaluated.
"""
import numpy as np
from onnx import numpy_helper, helper

_DT = {1: np.float32, 2: np.uint8, 3: np.int8, 5: np.int16, 6: np.int32, 7: np.int64,
       9: np.bool_, 10: np.float16, 11: np.float64}


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _axes(node, ins, at, pos=1):
    if len(ins) > pos and ins[pos] is not None:
        return [int(a) for a in ins[pos]]
    a = at.get("axes")
    return None if a is None else [int(x) for x in a]


def _reduce(fn, node, ins, at):
    axes = _axes(node, ins, at)
    keep = bool(at.get("keepdims", 1))
    if axes is None or len(axes) == 0:
        if at.get("noop_with_empty_axes", 0):
            return ins[0]
        axes = None
    return fn(ins[0], axis=None if axes is None else tuple(axes), keepdims=keep).astype(ins[0].dtype)


def _run_node(node, ins):
    op = node.op_type
    at = _attrs(node)
    x = ins[0] if ins else None
    if op == "Constant":
        if "value" in at:
            return [numpy_helper.to_array(at["value"])]
        for k in ("value_float", "value_int"):
            if k in at:
                return [np.array(at[k])]
        if "value_floats" in at:
            return [np.array(at["value_floats"], dtype=np.float32)]
        if "value_ints" in at:
            return [np.array(at["value_ints"], dtype=np.int64)]
        raise NotImplementedError("Constant attr %s" % list(at))
    if op == "Identity":
        return [x]
    if op in ("Add", "Sub", "Mul", "Pow", "Equal", "Greater", "Less", "GreaterOrEqual",
              "LessOrEqual", "And", "Or", "Min", "Max"):
        a, b = ins[0], ins[1]
        f = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Pow": np.power,
             "Equal": np.equal, "Greater": np.greater, "Less": np.less,
             "GreaterOrEqual": np.greater_equal, "LessOrEqual": np.less_equal,
             "And": np.logical_and, "Or": np.logical_or, "Min": np.minimum, "Max": np.maximum}[op]
        r = f(a, b)
        if op in ("Add", "Sub", "Mul", "Pow", "Min", "Max"):
            r = r.astype(a.dtype)
        return [r]
    if op == "Div":
        a, b = ins
        if np.issubdtype(a.dtype, np.integer):
            return [(np.trunc(a / b)).astype(a.dtype)]
        return [(a / b).astype(a.dtype)]
    if op in ("Floor", "Ceil", "Sin", "Cos", "Neg", "Sqrt", "Exp", "Abs", "Tanh", "Relu", "Sigmoid", "Not"):
        f = {"Floor": np.floor, "Ceil": np.ceil, "Sin": np.sin, "Cos": np.cos, "Neg": np.negative,
             "Sqrt": np.sqrt, "Exp": np.exp, "Abs": np.abs, "Tanh": np.tanh,
             "Relu": lambda v: np.maximum(v, 0), "Sigmoid": lambda v: 1 / (1 + np.exp(-v)),
             "Not": np.logical_not}[op]
        return [f(x).astype(x.dtype)]
    if op == "Cast":
        return [x.astype(_DT[at["to"]])]
    if op == "Shape":
        s = np.array(x.shape, dtype=np.int64)
        return [s[at.get("start", 0):at.get("end", None)]]
    if op == "ConstantOfShape":
        v = numpy_helper.to_array(at["value"]) if "value" in at else np.array([0.0], dtype=np.float32)
        return [np.full(tuple(int(d) for d in x), v.reshape(-1)[0], dtype=v.dtype)]
    if op == "Unsqueeze":
        axes = _axes(node, ins, at)
        r = x
        nd = x.ndim + len(axes)
        for a in sorted(a % nd for a in axes):
            r = np.expand_dims(r, a)
        return [r]
    if op == "Squeeze":
        axes = _axes(node, ins, at)
        return [np.squeeze(x) if axes is None else np.squeeze(x, axis=tuple(axes))]
    if op == "Reshape":
        shape = [int(d) for d in ins[1]]
        shape = [x.shape[i] if (d == 0 and not at.get("allowzero", 0)) else d for i, d in enumerate(shape)]
        return [x.reshape(shape)]
    if op == "Expand":
        shape = tuple(int(d) for d in ins[1])
        return [x * np.ones(shape, dtype=x.dtype)]
    if op == "Concat":
        return [np.concatenate(ins, axis=at["axis"])]
    if op == "Transpose":
        return [np.transpose(x, at.get("perm"))]
    if op == "Where":
        return [np.where(ins[0], ins[1], ins[2])]
    if op == "Gather":
        idx = ins[1].astype(np.int64)
        ax = at.get("axis", 0)
        idx = np.where(idx < 0, idx + x.shape[ax], idx)
        return [np.take(x, idx, axis=ax)]
    if op == "MatMul":
        return [np.matmul(ins[0], ins[1]).astype(ins[0].dtype)]
    if op == "Gemm":
        a, b = ins[0], ins[1]
        if at.get("transA", 0):
            a = a.T
        if at.get("transB", 0):
            b = b.T
        r = at.get("alpha", 1.0) * (a @ b)
        if len(ins) > 2 and ins[2] is not None:
            r = r + at.get("beta", 1.0) * ins[2]
        return [r.astype(ins[0].dtype)]
    if op == "Slice":
        starts, ends = ins[1], ins[2]
        axes = ins[3] if len(ins) > 3 and ins[3] is not None else np.arange(len(starts))
        steps = ins[4] if len(ins) > 4 and ins[4] is not None else np.ones(len(starts), dtype=np.int64)
        sl = [slice(None)] * x.ndim
        for s, e, a, st in zip(starts, ends, axes, steps):
            dim = x.shape[int(a)]
            s, e, st = int(s), int(e), int(st)
            s = max(min(s + dim if s < 0 else s, dim), 0)
            e = max(min(e + dim if e < 0 else e, dim), -1 if st < 0 else 0)
            sl[int(a)] = slice(s, e if e >= 0 else None, st)
        return [x[tuple(sl)]]
    if op == "ReduceMean":
        return [_reduce(np.mean, node, ins, at)]
    if op == "ReduceSum":
        return [_reduce(np.sum, node, ins, at)]
    if op == "Clip":
        lo = ins[1] if len(ins) > 1 and ins[1] is not None and ins[1].size else None
        hi = ins[2] if len(ins) > 2 and ins[2] is not None and ins[2].size else None
        r = x
        if lo is not None:
            r = np.maximum(r, lo)
        if hi is not None:
            r = np.minimum(r, hi)
        return [r.astype(x.dtype)]
    if op == "Range":
        return [np.arange(ins[0], ins[1], ins[2]).astype(ins[0].dtype)]
    raise NotImplementedError("onnx_mini: operator %s not supported" % op)


def run(model, feeds):
    """Evaluate model (onnx.ModelProto) on feeds {name: np.ndarray}; returns a
    dict of all graph outputs."""
    env = {}
    for init in model.graph.initializer:
        env[init.name] = numpy_helper.to_array(init)
    env.update(feeds)
    for node in model.graph.node:
        ins = [env[n] if n else None for n in node.input]
        outs = _run_node(node, ins)
        for name, val in zip(node.output, outs):
            env[name] = np.asarray(val)
    return {o.name: env[o.name] for o in model.graph.output}
