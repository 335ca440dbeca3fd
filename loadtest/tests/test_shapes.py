"""The load shapes: bounded, stepped, never below one user per worker, and shaped as named."""

import unittest

from shapes import SCENARIOS, STEP_SECONDS, Scenario


def users_over(scenario):
    return [scenario.users_at(t) for t in range(int(scenario.duration))]


class ShapesTest(unittest.TestCase):
    def scenario(self, name, duration=60, peak=40, workers=2):
        return Scenario(name=name, duration=duration, peak_users=peak, workers=workers, max_requests=1000)

    def test_every_shape_ends_at_its_duration(self):
        for name in SCENARIOS:
            shape = self.scenario(name)
            self.assertIsNotNone(shape.users_at(59.9), name)
            self.assertIsNone(shape.users_at(60), name)

    def test_users_change_only_at_step_boundaries_and_stay_within_bounds(self):
        for name in SCENARIOS:
            shape = self.scenario(name, workers=3)
            users = users_over(shape)
            for t in range(1, len(users)):
                if t % STEP_SECONDS:
                    self.assertEqual(users[t], users[t - 1], f"{name} changed at {t}s")
            self.assertGreaterEqual(min(users), 3, name)
            self.assertLessEqual(max(users), 40, name)

    def test_steady_holds_the_peak(self):
        self.assertEqual(set(users_over(self.scenario("steady"))), {40})

    def test_step_climbs_four_stairs(self):
        users = users_over(self.scenario("step"))
        self.assertEqual([users[0], users[15], users[30], users[45]], [10, 20, 30, 40])

    def test_spike_jumps_to_the_peak_in_the_middle_fifth_only(self):
        users = users_over(self.scenario("spike", duration=100))
        self.assertEqual((users[0], users[39], users[40], users[59], users[60], users[99]), (8, 8, 40, 40, 8, 8))

    def test_double_wave_has_two_crests_and_a_trough_between(self):
        users = users_over(self.scenario("double-wave", duration=100))
        self.assertEqual((users[0], users[25], users[50], users[75]), (4, 40, 4, 40))

    def test_a_ramp_adds_users_step_by_step_until_the_peak(self):
        shape = Scenario(name="soak", duration=120, peak_users=1000, workers=2, max_requests=1000, ramp=60)
        users = users_over(shape)
        ramp = [users[t] for t in range(0, 60, STEP_SECONDS)]
        self.assertEqual(ramp[0], 83)
        self.assertEqual(ramp, sorted(ramp))
        self.assertEqual(len(set(ramp)), len(ramp))
        self.assertEqual(set(users[55:]), {1000})

    def test_without_a_ramp_the_shape_starts_at_its_level(self):
        self.assertEqual(users_over(self.scenario("soak"))[0], 40)

    def test_nonsense_is_refused(self):
        with self.assertRaises(ValueError):
            self.scenario("sawtooth")
        with self.assertRaises(ValueError):
            self.scenario("steady", peak=1, workers=2)
        with self.assertRaises(ValueError):
            Scenario(name="soak", duration=60, peak_users=40, workers=2, max_requests=1000, ramp=60)


if __name__ == "__main__":
    unittest.main()
