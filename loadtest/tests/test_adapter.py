"""The locust4j adapter: each translation on real Locust messages, and the holding of lifecycle messages on real
ZeroMQ sockets (a DEALER socket stands where a locust4j worker connects)."""

import unittest

import gevent
import msgpack
from locust.rpc import Message, zmqrpc

import locust4j_adapter
from locust4j_adapter import AdaptedServer, Translator, ZeroUsersError

JAVA = "host_5f3c"  # locust4j's node ids are hostname_md5
PYTHON = "host_9a1b"


def spawn(node_id, **classes):
    data = {
        "timestamp": 1700000000.5,
        "user_classes_count": classes,
        "host": "http://127.0.0.1:8080",
        "stop_timeout": None,
        "parsed_options": {"headless": True, "tags": ["a"], "num_users": 4},
    }
    return Message("spawn", data, node_id)


def locust4j_stats(errors):
    return {"stats": [], "stats_total": {"name": "Total", "num_requests": 3}, "errors": errors, "user_count": 2}


def error(occurrences):
    return {"name": "/v1/predict", "method": "POST", "error": "HTTP 503", "occurrences": occurrences}


class TranslatorTest(unittest.TestCase):
    def setUp(self):
        self.translator = Translator()
        self.ready = self.translator.from_worker(JAVA, Message("client_ready", None, JAVA))

    def test_a_locust4j_worker_without_version_is_accepted_as_unversioned(self):
        self.assertEqual(self.ready.data, -1)
        self.assertTrue(self.translator.is_locust4j(JAVA))

    def test_debians_empty_version_is_accepted_but_not_taken_for_locust4j(self):
        ready = self.translator.from_worker(PYTHON, Message("client_ready", "", PYTHON))
        self.assertEqual(ready.data, -1)
        self.assertFalse(self.translator.is_locust4j(PYTHON))

    def test_a_versioned_worker_passes_untouched(self):
        ready = self.translator.from_worker(PYTHON, Message("client_ready", "2.12.1", PYTHON))
        self.assertEqual(ready.data, "2.12.1")
        message = spawn(PYTHON, RoadcastClient=3)
        self.assertIs(self.translator.to_worker(message), message)

    def test_spawn_is_flattened_to_scalars_locust4j_can_decode(self):
        sent = self.translator.to_worker(spawn(JAVA, RoadcastClient=3, Other=2))
        self.assertEqual(sent.data["num_users"], 5)
        self.assertEqual(sent.data["spawn_rate"], 6)
        self.assertEqual(sent.data["host"], "http://127.0.0.1:8080")
        decoded = Message.unserialize(sent.serialize()).data
        scalars = (bool, int, float, str, type(None))
        self.assertTrue(all(isinstance(value, scalars) for value in decoded.values()), decoded)

    def test_a_spawn_of_zero_users_is_refused(self):
        with self.assertRaises(ZeroUsersError):
            self.translator.to_worker(spawn(JAVA, RoadcastClient=0))

    def test_spawning_complete_and_stats_carry_the_forwarded_user_classes(self):
        self.translator.to_worker(spawn(JAVA, RoadcastClient=3))
        complete = self.translator.from_worker(JAVA, Message("spawning_complete", {"count": 3}, JAVA))
        self.assertEqual(complete.data["user_classes_count"], {"RoadcastClient": 3})
        stats = self.translator.from_worker(JAVA, Message("stats", locust4j_stats({}), JAVA))
        self.assertEqual(stats.data["user_classes_count"], {"RoadcastClient": 3})
        self.assertEqual(stats.data["stats_total"]["num_requests"], 3)

    def test_cumulative_errors_are_forwarded_as_increases(self):
        self.translator.to_worker(spawn(JAVA, RoadcastClient=1))
        forwarded = []
        for cumulative in (3, 5, 5):
            msg = self.translator.from_worker(JAVA, Message("stats", locust4j_stats({"k": error(cumulative)}), JAVA))
            forwarded.append(msg.data["errors"].get("k", {}).get("occurrences", 0))
        self.assertEqual(forwarded, [3, 2, 0])

    def test_error_counts_restart_with_each_spawn(self):
        self.translator.to_worker(spawn(JAVA, RoadcastClient=1))
        self.translator.from_worker(JAVA, Message("stats", locust4j_stats({"k": error(4)}), JAVA))
        self.translator.to_worker(spawn(JAVA, RoadcastClient=2))
        msg = self.translator.from_worker(JAVA, Message("stats", locust4j_stats({"k": error(1)}), JAVA))
        self.assertEqual(msg.data["errors"]["k"]["occurrences"], 1)

    def test_ack_is_not_sent_to_locust4j(self):
        self.assertIsNone(self.translator.to_worker(Message("ack", {"index": 0}, JAVA)))

    def test_stop_leaves_the_worker_idle(self):
        self.translator.to_worker(spawn(JAVA, RoadcastClient=2))
        self.assertTrue(self.translator.workers[JAVA].running)
        self.translator.to_worker(Message("stop", None, JAVA))
        self.assertFalse(self.translator.workers[JAVA].running)


class AdaptedServerTest(unittest.TestCase):
    """Real sockets: the master's side is AdaptedServer, the worker's a DEALER with locust4j's identity."""

    def setUp(self):
        self.server = AdaptedServer("127.0.0.1", 0)
        self.worker = zmqrpc.Client("127.0.0.1", self.server.port, JAVA)
        self.worker.socket.send(msgpack.dumps(["client_ready", None, JAVA]))
        client_id, ready = self.server.recv_from_client()
        self.assertEqual((client_id, ready.data), (JAVA, -1))

    def tearDown(self):
        for end in (self.worker, self.server):
            context = end.socket.context
            end.close(linger=0)
            context.term()

    def receive_on_worker(self, timeout):
        with gevent.Timeout(timeout, False):
            return msgpack.loads(self.worker.socket.recv(), raw=False)
        return None

    def start_running(self):
        self.server.send_to_client(spawn(JAVA, RoadcastClient=2))
        self.assertEqual(self.receive_on_worker(2)[1]["num_users"], 2)

    def test_quit_to_a_running_worker_waits_for_its_next_report(self):
        self.start_running()
        sender = gevent.spawn(self.server.send_to_client, Message("quit", None, JAVA))
        self.assertIsNone(self.receive_on_worker(0.5), "quit must wait for the worker's report")
        self.worker.socket.send(msgpack.dumps(["stats", locust4j_stats({}), JAVA]))
        self.server.recv_from_client()
        self.assertEqual(self.receive_on_worker(2)[0], "quit")
        sender.join(timeout=2)
        self.assertTrue(sender.successful())

    def test_a_silent_worker_gets_the_message_after_the_bounded_wait(self):
        self.start_running()
        original, locust4j_adapter.REPORT_WAIT = locust4j_adapter.REPORT_WAIT, 0.3
        try:
            self.server.send_to_client(Message("stop", None, JAVA))
        finally:
            locust4j_adapter.REPORT_WAIT = original
        self.assertEqual(self.receive_on_worker(2)[0], "stop")

    def test_an_idle_worker_gets_spawn_at_once(self):
        with gevent.Timeout(1):
            self.server.send_to_client(spawn(JAVA, RoadcastClient=1))
        self.assertEqual(self.receive_on_worker(1)[0], "spawn")


class InstallTest(unittest.TestCase):
    def test_install_makes_the_master_create_an_adapted_server(self):
        original = zmqrpc.Server
        try:
            locust4j_adapter.install()
            self.assertIs(zmqrpc.Server, AdaptedServer)
        finally:
            zmqrpc.Server = original


if __name__ == "__main__":
    unittest.main()
