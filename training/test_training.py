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
        import rc_graph as G
        from rc_model import RoadcastModel
        n = 3
        prof = np.zeros((2, 288, n))
        prof[0] = np.arange(288)[:, None]                 # weekday table = slot number
        prof[1] = 1000 + np.arange(288)[:, None]          # weekend table = 1000 + slot
        coef = np.zeros((2, 12, n, 5))
        coef[..., 2] = 1.0                                # forecast = profile at target
        m = RoadcastModel(prof, coef, G.from_matrix(np.eye(n), 8), 50.0, 10.0, residual=False)
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


class DstCalendarTest(unittest.TestCase):
    def test_features_follow_the_local_clock_across_dst(self):
        import datetime as dt
        from zoneinfo import ZoneInfo
        g = D.Grid(dt.datetime(2024, 3, 30, 0, 0, tzinfo=ZoneInfo("Europe/Berlin")), 15, "Europe/Berlin")
        slot, day, dow = g.calendar(3 * 96)
        self.assertEqual(g.slots, 96)
        self.assertEqual(g.iso(96 + 7), "2024-03-31T01:45:00+01:00")
        self.assertEqual(g.iso(96 + 8), "2024-03-31T03:00:00+02:00")      # 02:00 CET is 03:00 CEST
        self.assertEqual((slot[96 + 7], slot[96 + 8]), (7, 12))
        # the 23-hour Sunday has 92 steps; Monday 00:00 is slot 0 of Monday, not 01:00
        self.assertEqual(int((day == 1).sum()), 92)
        self.assertEqual((slot[96 + 92], day[96 + 92], dow[96 + 92]), (0, 2, 0))
        autumn = D.Grid(dt.datetime(2024, 11, 3, 0, 0, tzinfo=ZoneInfo("America/New_York")), 60,
                        "America/New_York")
        slot, day, dow = autumn.calendar(30)
        self.assertEqual(list(slot[:4]), [0, 1, 1, 2])                   # 01:00 twice (EDT, then EST)
        self.assertEqual((int((day == 0).sum()), slot[25], dow[25]), (25, 0, 0))


class SparseGraphTest(unittest.TestCase):
    """The neighbour table (top-k by weight, row-normalised) and the graph that applies it."""

    def test_top_k_from_a_matrix(self):
        import rc_graph as G
        a = np.array([[9, 1, 3, 2, 0],      # self-loop 9 ignored; keeps 3 (col 2) and 2 (col 3)
                      [0, 0, 0, 0, 0],      # no neighbour: all weights 0
                      [1, 1, 0, 0, 1],      # a three-way tie goes to the lower indices 0 and 1
                      [0, 0, 4, 0, 0],      # one neighbour, padded with itself at weight 0
                      [0, 0, 0, 5, 5]], dtype=float)   # its self-loop too
        g = G.from_matrix(a, 2)
        self.assertEqual(g.index.tolist(), [[2, 3], [1, 1], [0, 1], [2, 3], [3, 4]])
        np.testing.assert_allclose(g.weight, [[0.6, 0.4], [0, 0], [0.5, 0.5], [1, 0], [1, 0]])
        # k beyond every degree keeps the whole graph: the row-normalised matrix without self-loops
        whole = G.from_matrix(a, 10)
        self.assertEqual(whole.k, 3)                      # the largest degree, not 10
        off = a * (1 - np.eye(5))
        rows = off.sum(1, keepdims=True)
        np.testing.assert_allclose(whole.dense(), np.divide(off, rows, out=np.zeros_like(off), where=rows > 0))

    def test_edge_list_gives_the_same_table_without_a_matrix(self):
        import rc_graph as G
        import rc_network as NW
        rng = np.random.default_rng(7)
        n = 40
        a = np.where(rng.random((n, n)) < 0.2, rng.integers(1, 6, (n, n)).astype(float), 0.0)   # ties on purpose
        ids = ["x%d" % i for i in range(n)]
        d = tempfile.mkdtemp(prefix="roadcast-graph-")
        try:
            with open(os.path.join(d, "matrix.csv"), "w") as f:
                f.write("".join(",".join("%g" % v for v in row) + "\n" for row in a))
            src, dst = np.nonzero(a)
            shuffled = rng.permutation(len(src))
            with open(os.path.join(d, "edges.csv"), "w") as f:
                f.write("from,to,weight\n%s,%s,99\n" % (ids[src[0]], ids[dst[0]]))   # listed again below: last wins
                f.write("".join("%s,%s,%g\n" % (ids[src[i]], ids[dst[i]], a[src[i], dst[i]]) for i in shuffled))
            for k in (1, 4, 40):
                m = NW.load_adjacency(os.path.join(d, "matrix.csv"), ids, k)
                e = NW.load_adjacency(os.path.join(d, "edges.csv"), ids, k)
                np.testing.assert_array_equal(m.index, e.index)
                np.testing.assert_allclose(m.weight, e.weight)
                kept = np.take_along_axis(a, m.index, axis=1)                   # weights of the kept edges
                for i in range(n):
                    row = np.sort(np.delete(a[i], i))[::-1]
                    np.testing.assert_array_equal(np.sort(kept[i][m.weight[i] > 0])[::-1], row[:k][row[:k] > 0])
            self.assertEqual(e.k, int(((a * (1 - np.eye(n))) > 0).sum(1).max()))
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_onnx_export_equals_torch(self):
        import contextlib
        import io
        import onnx
        import torch
        import rc_graph as G
        import train
        from rc_model import RoadcastModel
        n, slots = 50, 96
        rng = np.random.default_rng(3)
        prof = 45 + 20 * rng.random((2, slots, n))
        coef = np.zeros((2, 12, n, 5))
        coef[..., 0], coef[..., 2] = 0.6, 0.4
        ring = np.zeros((n, n))
        for i in range(n):
            ring[i, (i + 1) % n], ring[i, (i - 1) % n], ring[i, (i + 7) % n] = 1.0, 0.5, 0.25
        torch.manual_seed(5)
        m = RoadcastModel(prof, coef, G.from_matrix(ring, 2), 55.0, 12.0, residual=True)
        with torch.no_grad():
            for p in m.heads[0].mlp[-1].parameters():              # the head starts at zero: give it a say
                p.normal_(0, 0.5)
        m.eval()
        d = tempfile.mkdtemp(prefix="roadcast-onnx-")
        try:
            path = os.path.join(d, "model.onnx")
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                train.export_onnx(m, path, n)
            graph = onnx.load(path)
            shapes = [list(i.dims) for i in graph.graph.initializer]
            self.assertNotIn([n, n], shapes)                       # no dense adjacency in the file
            self.assertIn([n, 2, 1], shapes)                       # the neighbour weights
            self.assertIn("Gather", {node.op_type for node in graph.graph.node})
            speed = (40 + 25 * rng.random((3, 12, n))).astype(np.float32)
            tod = np.array([0.25, 1 - 1 / slots, 0.6], dtype=np.float32)
            dow = np.array([0, 4, 6], dtype=np.int64)
            res, _ = check_bundle.evaluate(graph, {"speed": speed, "time_of_day": tod, "day_of_week": dow})
            with torch.no_grad():
                want = m(torch.tensor(speed), torch.tensor(tod), torch.tensor(dow)).numpy()
                flat = m(torch.tensor(speed), torch.tensor(tod), torch.tensor(dow))
                m.heads[0].mlp[-1].weight.zero_()
                m.heads[0].mlp[-1].bias.zero_()
                blend_only = m(torch.tensor(speed), torch.tensor(tod), torch.tensor(dow))
            self.assertGreater(float((flat - blend_only).abs().max()), 1.0)   # the residual really moves it
            np.testing.assert_allclose(res["forecast"], want, atol=1e-3)
        finally:
            shutil.rmtree(d, ignore_errors=True)

    def test_neighbour_features_match_the_dense_matrix(self):
        import torch
        import rc_graph as G
        from rc_model import SparseGraph
        rng = np.random.default_rng(11)
        a = rng.random((30, 30)) * (rng.random((30, 30)) < 0.3)
        v = torch.tensor(rng.normal(size=(2, 12, 30)), dtype=torch.float32)
        g = G.from_matrix(a, 30)
        g1, g2 = SparseGraph(g).hops(v, 2)
        np.testing.assert_allclose(g1.numpy(), np.swapaxes(v.numpy() @ g.dense().T, 1, 2), atol=1e-5)
        np.testing.assert_allclose(g2.numpy(), np.swapaxes(v.numpy() @ g.dense().T @ g.dense().T, 1, 2), atol=1e-5)


def synthetic(path, days=10, sensors=6, interval=15, seed=1):
    """An observations export (timestamp,<ids>) of a made-up ring of sensors in
    Berlin from Fri 2024-03-22, across the switch to summer time, with a daily
    pattern on the local clock, a shared slow wave, noise, empty cells and a gap
    of two missing steps. Returns the ids."""
    import datetime as dt
    from zoneinfo import ZoneInfo
    rng = np.random.default_rng(seed)
    zone = ZoneInfo("Europe/Berlin")
    t0 = dt.datetime(2024, 3, 22, 0, 0, tzinfo=zone).astimezone(dt.timezone.utc)
    ids = ["n%d" % i for i in range(sensors)]
    wave = np.zeros(sensors)
    lines = ["timestamp," + ",".join(ids)]
    for i in range(days * 1440 // interval):
        t = (t0 + dt.timedelta(minutes=interval * i)).astimezone(zone)
        hour = t.hour + t.minute / 60
        wave = 0.85 * wave + 0.1 * (np.roll(wave, 1) + np.roll(wave, -1)) / 2 + rng.normal(0, 1.2, sensors)
        dip = 0.4 * np.exp(-((hour - 13.5) / 2) ** 2) if t.weekday() >= 5 else np.exp(-((hour - 8) / 1.2) ** 2)
        v = 60 - 20 * dip + wave + rng.normal(0, 1.5, sensors)
        if i in (300, 301):
            continue
        cells = ["" if (i * 7 + k) % 53 == 0 else "%.2f" % v[k] for k in range(sensors)]
        lines.append(t.isoformat() + "," + ",".join(cells))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return ids


class OwnNetworkTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="roadcast-network-")
        self.ids = synthetic(self.file("speeds.csv"))
        n = len(self.ids)
        with open(self.file("adj.csv"), "w") as f:
            for i in range(n):
                f.write(",".join("1" if abs(i - j) in (1, n - 1) else "0" for j in range(n)) + "\n")
        with open(self.file("loc.csv"), "w") as f:
            f.write("id,latitude,longitude\n" + "".join("%s,52.%d,13.%d\n" % (s, i, i) for i, s in enumerate(self.ids)))

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def file(self, name):
        return os.path.join(self.dir, name)

    def run_train(self, *extra):
        import contextlib
        import io
        import train
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()) as out:
            rc = train.main(["--speeds", self.file("speeds.csv"), "--adjacency", self.file("adj.csv"),
                             "--timezone", "Europe/Berlin", "--out", self.file("bundle"),
                             "--epochs", "2", "--members", "1", "--val-steps", "192", "--no-ablation",
                             "--version", "0.0.0-net"] + list(extra))
        return rc, err.getvalue().strip(), out.getvalue()

    def test_export_csv_trains_a_valid_bundle_across_dst(self):
        rc, err, out = self.run_train("--locations", self.file("loc.csv"))
        self.assertEqual(rc, 0, err)
        self.assertRegex(out, r"imputed \d+ of \d+ cells")
        meta = check_bundle.check(self.file("bundle"), verbose=False)
        self.assertEqual((meta["interval_minutes"], meta["timezone"]), (15, "Europe/Berlin"))
        self.assertEqual((meta["input_steps"], meta["output_steps"]), (12, 12))
        self.assertEqual([n["id"] for n in meta["nodes"]], self.ids)
        self.assertEqual((meta["nodes"][2]["latitude"], meta["nodes"][2]["longitude"]), (52.2, 13.2))
        self.assertTrue(all(40 < n["mean_speed"] < 70 for n in meta["nodes"]))
        self.assertEqual(meta["training_period"]["start"], "2024-03-22T00:00:00+01:00")
        self.assertTrue(meta["training_period"]["end"].endswith("+02:00"))

    def test_errors_say_what_is_wrong(self):
        with open(self.file("loc.csv"), "a") as f:
            f.write("stranger,1,1\n")
        rc, err, _ = self.run_train("--locations", self.file("loc.csv"))
        self.assertEqual((rc, err), (2, "train.py: error: locations file names 1 sensor(s) not in the speeds header, "
                                        "e.g. stranger"))
        rc, err, _ = self.run_train("--val-steps", "800")
        self.assertEqual(rc, 2)
        self.assertIn("too little data: 960 steps of 15 minutes; need at least 992", err)
        rc, err, _ = self.run_train("--interval", "7")
        self.assertIn("--interval 7 disagrees with the timestamps, which are 15 minutes apart", err)
        with open(self.file("adj.csv"), "w") as f:
            f.write("from,to,weight\nn0,n9,1\n")
        rc, err, _ = self.run_train()
        self.assertIn("adjacency edge list line 2 names sensor n9, not in the speeds header", err)

    def test_plain_table_needs_an_interval_dividing_a_day(self):
        import rc_network as NW
        with self.assertRaisesRegex(NW.InputError, "--interval 7 minutes does not divide a day"):
            NW.check_interval(7)
        with self.assertRaisesRegex(NW.InputError, "not on the 15-minute grid"):
            NW._on_grid(NW.parse_time("2024-03-22T00:05", "Europe/Berlin", "--start"), 15, "--start")

    def test_missing_cells_take_the_sensors_mean_at_that_slot(self):
        import datetime as dt
        import rc_network as NW
        from zoneinfo import ZoneInfo
        grid = D.Grid(dt.datetime(2024, 1, 1, tzinfo=ZoneInfo("UTC")), 720, "UTC")   # two slots a day
        X = np.array([[10.0, 1.0], [20.0, 2.0], [np.nan, 3.0], [40.0, np.nan], [14.0, 5.0]])
        filled, n = NW.impute(X, grid, ["a", "b"])
        self.assertEqual(n, 2)
        self.assertEqual((filled[2, 0], filled[3, 1]), (12.0, 2.0))     # slot 0 of a: 10, 14; slot 1 of b: 2
        with self.assertRaisesRegex(NW.InputError, "sensor b has no reading at all"):
            NW.impute(np.array([[1.0, np.nan], [2.0, np.nan]]), grid, ["a", "b"])


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
