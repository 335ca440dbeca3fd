#!/usr/bin/python3
"""Optional cross-check of a bundle with ONNX Runtime for Java (the service's
runtime) against the pure-Python evaluation used by check_bundle.py.

  /usr/bin/python3 training/ort_check.py models [--jar PATH/onnxruntime-X.jar]

Needs `java` (17+) and the onnxruntime jar (default: newest one in the local
Maven repository, ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/).
Exits 0 if the outputs agree (max |diff| < 1e-2 mph), 1 if they differ,
77 if java or the jar is not available (skipped).
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def find_jar():
    pat = os.path.expanduser("~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar")
    jars = sorted(j for j in glob.glob(pat) if not j.endswith(("-sources.jar", "-javadoc.jar")))
    return jars[-1] if jars else None


def run_java(jar, onnx_path, speed, tod, dow):
    b, _, n = speed.shape
    with tempfile.TemporaryDirectory() as td:
        fin, fout = os.path.join(td, "in.bin"), os.path.join(td, "out.bin")
        with open(fin, "wb") as f:
            f.write(speed.astype("<f4").tobytes())
            f.write(tod.astype("<f4").tobytes())
            f.write(dow.astype("<i8").tobytes())
        subprocess.run(["java", "-cp", jar, os.path.join(HERE, "OrtCheck.java"), onnx_path, fin, fout,
                        str(b), str(n)], check=True, timeout=300)
        return np.fromfile(fout, dtype="<f4").reshape(b, 12, n)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("bundle")
    ap.add_argument("--jar", default=None)
    args = ap.parse_args(argv)
    jar = args.jar or find_jar()
    if not shutil.which("java") or not jar:
        print("ort_check: skipped (java or onnxruntime jar not found)")
        return 77
    import onnx
    import check_bundle
    with open(os.path.join(args.bundle, "model.json")) as f:
        meta = json.load(f)
    onnx_path = os.path.join(args.bundle, meta["onnx_file"])
    speed, tod, dow = check_bundle.sample_inputs(meta, len(meta["nodes"]), np.random.default_rng(1))
    ref, engine = check_bundle.evaluate(onnx.load(onnx_path),
                                        {"speed": speed, "time_of_day": tod, "day_of_week": dow})
    y = run_java(jar, onnx_path, speed, tod, dow)
    d = float(np.abs(y - ref["forecast"]).max())
    print("ort_check: onnxruntime-java (%s) vs %s max|diff| = %.2e mph" % (os.path.basename(jar), engine, d))
    return 0 if d < 1e-2 else 1


if __name__ == "__main__":
    sys.exit(main())
