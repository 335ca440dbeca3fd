"""Lets Debian's Locust 2.12.1 master drive locust4j 1.0.14 workers.

The two speak the same transport (ZeroMQ ROUTER/DEALER, msgpack ``[type, data, node_id]``), heartbeats and
stats entries match, but five things do not. The adapter sits in the master, between its ``rpc.Server`` and the
runner, and translates each message of a locust4j worker (one that said ``client_ready`` with no version):

1. Version. locust4j sends ``client_ready`` with no data, which the master rejects as "an old (pre 2.0) worker";
   Debian's Locust reports its own version as "" and rejects its own Python workers the same way. The adapter
   turns a missing or empty version into -1, the master's "do not compare versions" value.
2. Spawn. The 2.x ``spawn`` carries ``user_classes_count`` and ``parsed_options`` as nested maps; locust4j's
   decoder accepts scalars only ("unsupported type: MAP", and the worker silently runs nothing) and wants
   ``num_users`` and ``spawn_rate``. The adapter sends ``num_users`` = the worker's share of users and
   ``spawn_rate`` = one more than that (the master already paces ramp-ups step by step, and locust4j sleeps a
   second every ``spawn_rate`` threads), plus ``host``, ``stop_timeout`` and ``timestamp``.
3. ``spawning_complete`` from locust4j has ``{"count": n}``; the master reads ``user_classes_count`` (KeyError).
   The adapter adds the per-class counts of the last spawn it forwarded to that worker.
4. ``stats`` reports lack ``user_classes_count`` as well (KeyError in the master's report listener): same fix.
5. Counting. locust4j re-sends its cumulative error occurrences in every report, and the master adds them up
   (double counting); the adapter forwards only the increase since that worker's previous report (its counters
   restart after every spawn). locust4j also loses whatever it recorded since its last report (it reports every
   3 s) when it is told to quit (it exits at once), to stop (it drops reports once stopped) or to spawn again (it
   clears its stats). So a ``spawn``, ``stop`` or ``quit`` for a worker that is running users waits until that
   worker's next report has arrived, at most :data:`REPORT_WAIT` seconds, and is forwarded right after it: what
   is lost shrinks to the few milliseconds between the worker collecting that report and getting the message,
   plus the requests in flight at that moment (at most one per user). Each change of the user count and the end
   of a test are delayed by up to one report interval (3 s) for it, so shapes change users in steps (a spawn
   rate at least the step size) rather than by slow ramps of many small steps.

One wait cannot end early: a message the master sends while its receiving greenlet is itself blocked (Locust
re-dispatches users from that greenlet when a worker joins a running test) goes after :data:`REPORT_WAIT`.
loadtest/run.sh starts the test only once every worker has joined, so this does not arise there.

A sixth difference cannot be fixed here: locust4j counts a failure as an error only, without a request or a
response time, where Locust counts a failed request as a request plus an error. The Java worker records each
failure both ways (ApiClient.java), so Locust's request count includes failures, as the service's does.

Besides: ``ack`` (locust4j logs every unknown message type as an error and needs no index) is not forwarded,
and a spawn of zero users for a locust4j worker is refused with :class:`ZeroUsersError`, since locust4j ignores
it and would keep running its old users (give shapes at least one user per worker).

:class:`Translator` holds the rules and state without any I/O; :class:`AdaptedServer` applies them to the
master's socket; :func:`install` makes the master use it.
"""

import logging
import time

from gevent.event import Event

from locust.rpc import Message, zmqrpc

REPORT_WAIT = 7.0  # seconds: two locust4j report intervals (3 s) and a margin
logger = logging.getLogger(__name__)


class ZeroUsersError(RuntimeError):
    """The master asked a locust4j worker to run zero users, which locust4j cannot do."""


class _Worker:
    """What the adapter knows about one locust4j worker."""

    def __init__(self):
        self.user_classes_count = {}
        self.running = False
        self.errors_seen = {}
        self.next_report = Event()

    def report_arrived(self):
        self.next_report.set()
        self.next_report = Event()


class Translator:
    """Translates messages between the master and locust4j workers; messages of other workers pass untouched."""

    def __init__(self):
        self.workers = {}

    def is_locust4j(self, client_id):
        return client_id in self.workers

    def from_worker(self, client_id, msg):
        """Returns the message as the master expects it."""
        if msg.type == "client_ready":
            return self._client_ready(client_id, msg)
        worker = self.workers.get(client_id)
        if worker is None:
            return msg
        if msg.type == "spawning_complete":
            data = {"user_classes_count": dict(worker.user_classes_count), "user_count": msg.data["count"]}
            return Message(msg.type, data, msg.node_id)
        if msg.type == "stats":
            data = dict(msg.data)
            data["user_classes_count"] = dict(worker.user_classes_count)
            data["errors"] = self._new_errors(worker, msg.data.get("errors") or {})
            return Message(msg.type, data, msg.node_id)
        return msg

    def to_worker(self, msg):
        """Returns the message the worker should get, or None to drop it."""
        worker = self.workers.get(msg.node_id)
        if worker is None:
            return msg
        if msg.type == "ack":
            return None
        if msg.type == "spawn":
            return self._spawn(worker, msg)
        if msg.type in ("stop", "quit"):
            worker.running = False
            worker.user_classes_count = {}
        return msg

    def _client_ready(self, client_id, msg):
        if msg.data is None:
            self.workers[client_id] = self.workers.get(client_id) or _Worker()
        if not msg.data:
            return Message(msg.type, -1, msg.node_id)
        return msg

    @staticmethod
    def _spawn(worker, msg):
        classes = msg.data["user_classes_count"]
        users = sum(classes.values())
        if users == 0:
            raise ZeroUsersError(f"locust4j worker {msg.node_id} cannot run 0 users; keep at least one per worker")
        worker.user_classes_count = dict(classes)
        worker.running = True
        worker.errors_seen = {}
        data = {
            "num_users": users,
            "spawn_rate": users + 1,
            "host": msg.data.get("host"),
            "stop_timeout": msg.data.get("stop_timeout"),
            "timestamp": msg.data.get("timestamp"),
        }
        return Message("spawn", data, msg.node_id)

    @staticmethod
    def _new_errors(worker, errors):
        new = {}
        for key, error in errors.items():
            seen = worker.errors_seen.get(key, 0)
            total = error["occurrences"]
            increase = total - seen if total >= seen else total
            worker.errors_seen[key] = total
            if increase > 0:
                new[key] = dict(error, occurrences=increase)
        return new


class AdaptedServer(zmqrpc.Server):
    """The master's socket, translating for locust4j workers and holding lifecycle messages for their reports."""

    def __init__(self, host, port, translator=None):
        super().__init__(host, port)
        self.translator = translator or Translator()

    def recv_from_client(self):
        client_id, msg = super().recv_from_client()
        translated = self.translator.from_worker(client_id, msg)
        if msg.type == "stats" and self.translator.is_locust4j(client_id):
            self.translator.workers[client_id].report_arrived()
        return client_id, translated

    def send_to_client(self, msg):
        worker = self.translator.workers.get(msg.node_id)
        if worker is not None and worker.running and msg.type in ("spawn", "stop", "quit"):
            self._await_report(worker, msg)
        translated = self.translator.to_worker(msg)
        if translated is not None:
            super().send_to_client(translated)

    @staticmethod
    def _await_report(worker, msg):
        started = time.monotonic()
        if worker.next_report.wait(REPORT_WAIT):
            logger.debug("%s for %s held %.2f s for its report", msg.type, msg.node_id, time.monotonic() - started)
        else:
            logger.warning("no report from %s within %.1f s; sending %s anyway", msg.node_id, REPORT_WAIT, msg.type)


def install():
    """Makes every master created afterwards in this process (and its connection resets) use AdaptedServer."""
    zmqrpc.Server = AdaptedServer
