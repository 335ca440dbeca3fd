"""Writes a small ONNX graph with the bundle contract's tensor names, for tests of bad bundles.

usage: make_onnx.py KIND OUT_FILE STEPS HORIZONS NODES
  nan          right names and shapes; every forecast is NaN
  wrong-shape  right names; speed and forecast have NODES + 1 sensors (another graph's dims)
"""
import sys

import onnx
from onnx import TensorProto, helper


def graph(kind, steps, horizons, nodes):
    width = nodes + 1 if kind == "wrong-shape" else nodes
    inputs = [
        helper.make_tensor_value_info("speed", TensorProto.FLOAT, ["batch", steps, width]),
        helper.make_tensor_value_info("time_of_day", TensorProto.FLOAT, ["batch"]),
        helper.make_tensor_value_info("day_of_week", TensorProto.INT64, ["batch"]),
    ]
    output = helper.make_tensor_value_info("forecast", TensorProto.FLOAT, ["batch", horizons, width])
    # forecast = speed[:, -horizons:, :] * factor, with factor NaN for the NaN graph
    factor = float("nan") if kind == "nan" else 1.0
    nodes_ = [
        helper.make_node("Constant", [], ["starts"], value=helper.make_tensor("s", TensorProto.INT64, [1], [steps - horizons])),
        helper.make_node("Constant", [], ["ends"], value=helper.make_tensor("e", TensorProto.INT64, [1], [steps])),
        helper.make_node("Constant", [], ["axes"], value=helper.make_tensor("a", TensorProto.INT64, [1], [1])),
        helper.make_node("Constant", [], ["factor"], value=helper.make_tensor("f", TensorProto.FLOAT, [1], [factor])),
        helper.make_node("Slice", ["speed", "starts", "ends", "axes"], ["recent"]),
        helper.make_node("Mul", ["recent", "factor"], ["forecast"]),
    ]
    return helper.make_graph(nodes_, "test-" + kind, inputs, [output])


def main():
    kind, out, steps, horizons, nodes = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
    if kind not in ("nan", "wrong-shape"):
        raise SystemExit("unknown kind " + kind)
    model = helper.make_model(graph(kind, steps, horizons, nodes), opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.save(model, out)


if __name__ == "__main__":
    main()
