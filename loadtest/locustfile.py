"""Locust master for Roadcast's load tests: the load comes from locust4j workers (loadtest/ Java module).

Run it through ``loadtest/run.sh``; it is configured by environment variables (see shapes.Scenario.from_env).
This file installs the locust4j adapter (locust4j_adapter.py), declares the one user class the master hands out
(the workers run the Java request mix whatever the class is called), picks the load shape and records the
timeline the charts are drawn from (timeline.py).
"""

import os

import gevent
from locust import LoadTestShape, User, events
from locust.stats import CSV_STATS_INTERVAL_SEC

import locust4j_adapter
import shapes
from timeline import Timeline

locust4j_adapter.install()
timeline = Timeline()
events.worker_report.add_listener(timeline.on_report)


class RoadcastClient(User):
    """Stands for a locust4j worker's simulated user; the master never runs it itself."""

    def run(self):
        raise RuntimeError("RoadcastClient runs in locust4j workers (loadtest/target/roadcast-loadtest.jar), not here")


class ScenarioShape(LoadTestShape):
    """The scenario named by ROADCAST_SCENARIO, ended early when the request budget is spent."""

    def __init__(self):
        super().__init__()
        self.scenario = shapes.Scenario.from_env(os.environ)

    def tick(self):
        if self.runner.stats.total.num_requests >= self.scenario.max_requests:
            return None
        users = self.scenario.users_at(self.get_run_time())
        return None if users is None else (users, self.scenario.spawn_rate)


@events.quitting.add_listener
def write_final_files(environment, **_):
    """Fires after the master quit its workers (listeners run in reverse order) and their final reports arrived:
    writes the timeline and gives Locust's CSV writer, which rewrites its files every CSV_STATS_INTERVAL_SEC,
    one more turn so they hold the final numbers."""
    prefix = environment.parsed_options.csv_prefix
    if prefix:
        timeline.write(prefix, environment.stats.total)
    gevent.sleep(CSV_STATS_INTERVAL_SEC + 0.5)
