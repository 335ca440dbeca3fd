"""Tests for the parts of retrain.py that need no service (the loop itself: the service's RetrainIT).

  /usr/bin/python3 -m unittest discover -s training -p 'test_*.py'
"""
import datetime as dt
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import retrain  # noqa: E402

UTC = dt.timezone.utc
SECOND = dt.timedelta(seconds=1)


class RangesTest(unittest.TestCase):
    def check(self, days, chunk_days):
        until = dt.datetime(2026, 12, 6, 5, 51, 28, tzinfo=UTC)
        start = until - dt.timedelta(days=days)
        chunk = dt.timedelta(days=chunk_days)
        pieces = retrain.ranges(start, until, chunk)
        self.assertEqual(pieces[0][0], start)
        self.assertEqual(pieces[-1][1], until)
        for (a, b), (c, _) in zip(pieces, pieces[1:]):
            self.assertEqual(c, b + SECOND, "consecutive, no step in two requests, none left out")
        for a, b in pieces:
            self.assertLessEqual(b - a, chunk, "within history.maxExportRange")
            self.assertLessEqual(a, b)
        return pieces

    def test_one_request_when_the_range_fits(self):
        self.assertEqual(len(self.check(28, 31)), 1)
        self.assertEqual(len(self.check(31, 31)), 1)

    def test_split_into_as_few_requests_as_the_limit_allows(self):
        self.assertEqual(len(self.check(6, 2)), 3)
        self.assertEqual(len(self.check(60, 31)), 2)
        self.assertEqual(len(self.check(7, 2)), 4)


class TooLittleHistoryTest(unittest.TestCase):
    def test_refuses_below_the_minimum_with_exit_3_and_the_figures(self):
        with self.assertRaises(retrain.Stop) as caught:
            retrain.refuse_short(384, 15, 5)
        self.assertEqual(caught.exception.code, 3)
        self.assertIn("384 stored steps of 15 minutes cover 4.00 days; need 5", str(caught.exception))
        retrain.refuse_short(384, 15, 4)


if __name__ == "__main__":
    unittest.main()
