"""The load shapes, as plain functions of time so they can be tested without a running master.

Every shape is bounded: it ends (returns None) at ``duration`` seconds, and the locustfile also ends it once the
request budget is spent. Users change in steps held for at least :data:`STEP_SECONDS` (locust4j workers restart
their threads on every change and the adapter aligns each change with a stats report, every 3 s), and never drop
below one user per worker (a locust4j worker cannot run zero users). With a ramp, users join over its first
``ramp`` seconds, one step at a time, as a client population arrives: a step's share of the shape's level
grows linearly to all of it by the end of the ramp.
"""

import math
from dataclasses import dataclass

STEP_SECONDS = 5
SCENARIOS = ("steady", "step", "spike", "double-wave", "soak")


def _steady(fraction):
    return 1.0


def _step(fraction):
    """Four equal stairs: a quarter, half, three quarters, then all of the peak."""
    return (min(3, int(fraction * 4)) + 1) / 4


def _spike(fraction):
    """A fifth of the peak, the full peak for the middle fifth of the run, then a fifth again."""
    return 1.0 if 0.4 <= fraction < 0.6 else 0.2


def _double_wave(fraction):
    """Two full waves between a tenth of the peak and the peak."""
    return 0.1 + 0.9 * (1 - math.cos(4 * math.pi * fraction)) / 2


_LEVELS = {"steady": _steady, "step": _step, "spike": _spike, "double-wave": _double_wave, "soak": _steady}


@dataclass(frozen=True)
class Scenario:
    name: str
    duration: float
    peak_users: int
    workers: int
    max_requests: int
    ramp: float = 0.0

    def __post_init__(self):
        if self.name not in _LEVELS:
            raise ValueError(f"unknown scenario {self.name!r}; one of {', '.join(SCENARIOS)}")
        if self.duration <= 0 or self.max_requests <= 0 or self.workers <= 0 or self.peak_users < self.workers:
            raise ValueError("duration and max_requests must be positive, peak_users at least workers (>= 1)")
        if not 0 <= self.ramp < self.duration:
            raise ValueError("ramp must be at least 0 and shorter than the duration")

    @classmethod
    def from_env(cls, env):
        return cls(
            name=env.get("ROADCAST_SCENARIO", "steady"),
            duration=float(env.get("ROADCAST_DURATION", "60")),
            peak_users=int(env.get("ROADCAST_PEAK_USERS", "40")),
            workers=int(env.get("ROADCAST_WORKERS", "1")),
            max_requests=int(env.get("ROADCAST_MAX_REQUESTS", "2000000")),
            ramp=float(env.get("ROADCAST_RAMP", "0")),
        )

    @property
    def spawn_rate(self):
        """Fast enough that every change is one dispatch (the master's ramp would otherwise be many steps)."""
        return float(self.peak_users)

    def users_at(self, run_time):
        """Users the shape wants ``run_time`` seconds into the test, or None once it is over."""
        if run_time >= self.duration:
            return None
        step_start = math.floor(run_time / STEP_SECONDS) * STEP_SECONDS
        level = _LEVELS[self.name](step_start / self.duration)
        if step_start < self.ramp:
            level *= min(1.0, (step_start + STEP_SECONDS) / self.ramp)
        return max(self.workers, round(level * self.peak_users))
