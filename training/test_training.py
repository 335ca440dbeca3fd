"""Tests for the training pipeline.

  /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'

The smoke test needs the data in ../shared/data (relative to the repo root) or
$ROADCAST_DATA; it is skipped if the data is not there.
"""
import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_bundle  # noqa: E402
import rc_data as D  # noqa: E402
import rc_metrics as M  # noqa: E402

REPO = os.path.dirname(HERE)
DATA = os.environ.get("ROADCAST_DATA", os.path.join(REPO, "..", "shared", "data"))
HAVE_DATA = os.path.isfile(os.path.join(DATA, "los_speed_train.csv"))


class MetricTest(unittest.TestCase):
    def test_single_step_and_pooled(self):
        # 2 samples, 3 horizons, 2 sensors; errors chosen by hand
        true = np.zeros((2, 3, 2))
        pred = np.zeros((2, 3, 2))
        pred[:, 0, :] = 1.0                     # horizon 1: all errors 1
        pred[0, 1, :] = 2.0                     # horizon 2: errors 2,2,0,0
        pred[:, 2, 0] = -3.0                    # horizon 3: errors 3,0,3,0
        m = M.horizon_metrics(pred, true)
        self.assertAlmostEqual(m["rmse"]["1"], 1.0)
        self.assertAlmostEqual(m["mae"]["1"], 1.0)
        self.assertAlmostEqual(m["rmse"]["2"], np.sqrt(8 / 4))
        self.assertAlmostEqual(m["mae"]["2"], 1.0)
        self.assertAlmostEqual(m["rmse"]["3"], np.sqrt(18 / 4))
        self.assertAlmostEqual(m["mae"]["3"], 1.5)
        self.assertAlmostEqual(m["rmse_pooled"]["3"], np.sqrt((4 + 8 + 18) / 12))
        self.assertAlmostEqual(m["mae_pooled"]["2"], (4 + 4) / 8)

    def test_windows(self):
        ts = M.windows(100, 50, 99)
        self.assertEqual(ts[0], 61)             # 12 inputs 50..61
        self.assertEqual(ts[-1], 87)            # targets up to 99
        series = np.arange(100)[:, None] * np.ones((1, 2))
        x, y = M.gather_windows(series, ts[:1])
        self.assertEqual(x[0, 0, 0], 50)
        self.assertEqual(x[0, -1, 0], 61)
        self.assertEqual(y[0, 0, 0], 62)
        self.assertEqual(y[0, -1, 0], 73)


class CalendarTest(unittest.TestCase):
    def test_calendar(self):
        slot, day, dow = D.calendar(1612)
        self.assertEqual(dow[0], 3)                       # Thu 2012-03-01
        self.assertEqual(D.iso(0), "2012-03-01T00:00:00-08:00")
        self.assertEqual(dow[2 * 288], 5)                 # Sat
        self.assertEqual(D.iso(1611), "2012-03-06T14:15:00-08:00")
        self.assertEqual(slot[1611] * 5, 14 * 60 + 15)

    def test_smoothing_is_circular(self):
        p = np.zeros((288, 1))
        p[0] = 288.0
        s = D.smooth_circular(p, 1)
        self.assertAlmostEqual(s[287, 0], 96.0)
        self.assertAlmostEqual(s[1, 0], 96.0)
        self.assertAlmostEqual(s.sum(), 288.0)


class ModelLookupTest(unittest.TestCase):
    def test_target_lookup_wraps_into_next_day(self):
        import torch
        from rc_model import RoadcastModel
        n = 3
        prof = np.zeros((2, 288, n))
        prof[0] = np.arange(288)[:, None]                 # weekday table = slot number
        prof[1] = 1000 + np.arange(288)[:, None]          # weekend table = 1000 + slot
        coef = np.zeros((2, 12, n, 5))
        coef[..., 2] = 1.0                                # forecast = profile at target
        m = RoadcastModel(prof, coef, np.eye(n), 50.0, 10.0, residual=False)
        x = torch.full((1, 12, n), 50.0)
        # Friday 23:50 -> targets 23:55 Fri (weekday slot 287), then Sat 00:00.. (weekend table)
        p_in, p_tgt, wk = m.lookup(torch.tensor([1430 / 1440]), torch.tensor([4]))
        self.assertEqual(float(p_tgt[0, 0, 0]), 287.0)
        self.assertEqual(float(p_tgt[0, 1, 0]), 1000.0)
        self.assertEqual(float(p_tgt[0, 11, 0]), 1010.0)
        self.assertEqual(float(p_in[0, -1, 0]), 286.0)
        self.assertEqual(float(p_in[0, 0, 0]), 275.0)
        # Monday 00:10: inputs reach back into Sunday (weekend), targets are Monday
        p_in, p_tgt, wk = m.lookup(torch.tensor([10 / 1440]), torch.tensor([0]))
        self.assertEqual(float(p_in[0, 0, 0]), 1000.0 + 288 - 9)
        self.assertEqual(float(p_tgt[0, 0, 0]), 3.0)
        y = m(x, torch.tensor([1430 / 1440]), torch.tensor([6]))   # Sunday 23:50 -> Monday
        self.assertEqual(float(y[0, 0, 0]), 90.0)                  # 1287 clamped to 90
        self.assertEqual(float(y[0, 1, 0]), 0.0)                   # Monday 00:00 weekday slot 0


@unittest.skipUnless(HAVE_DATA, "training data not found at %s" % DATA)
class SmokePipelineTest(unittest.TestCase):
    def test_smoke_bundle(self):
        import train
        out = tempfile.mkdtemp(prefix="roadcast-smoke-")
        try:
            rc = train.main(["--data", DATA, "--out", out, "--smoke", "--version", "0.0.0-test"])
            self.assertEqual(rc, 0)
            meta = check_bundle.check(out, verbose=False)
            self.assertEqual(meta["version"], "0.0.0-test")
            self.assertEqual(len(meta["nodes"]), 207)
            self.assertEqual(meta["nodes"][0]["id"], "773869")
            self.assertEqual(check_bundle.main(["x", out]), 0)
            # a tampered bundle must be rejected
            with open(os.path.join(out, "model.json")) as f:
                bad = json.load(f)
            bad["sha256"] = "0" * 64
            with open(os.path.join(out, "model.json"), "w") as f:
                json.dump(bad, f)
            self.assertEqual(check_bundle.main(["x", out]), 1)
        finally:
            shutil.rmtree(out, ignore_errors=True)


@unittest.skipUnless(os.path.isfile(os.path.join(REPO, "models", "model.json")), "no default bundle")
class DefaultBundleTest(unittest.TestCase):
    def test_default_bundle_valid(self):
        check_bundle.check(os.path.join(REPO, "models"), verbose=False)


if __name__ == "__main__":
    unittest.main()
