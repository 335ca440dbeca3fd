"""A real stack on 127.0.0.1 free ports for benchmarks: redis-server, one service instance, a key, data.

The instance is the bench jar (bench/java: the service plus the /bench/* baselines, which the production
jar does not have), built with Maven when missing; ROADCAST_JAR or Stack(jar=...) runs another jar.
"""
import csv
import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
import zipfile
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_JAR = os.path.join(ROOT, "bench", "java", "target", "roadcast-bench.jar")
JAR = os.environ.get("ROADCAST_JAR", BENCH_JAR)
DATA = os.environ.get("ROADCAST_DATA", os.path.join(os.path.dirname(ROOT), "shared", "data"))
START = datetime(2012, 3, 1, tzinfo=timezone(timedelta(hours=-8)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def built(jar):
    """`jar`, building the bench jar (and the service it wraps) first when it is the one missing."""
    if os.path.abspath(jar) == BENCH_JAR and not os.path.isfile(jar):
        print("building " + os.path.relpath(jar, ROOT), flush=True)
        subprocess.run(["mvn", "-B", "-q", "-DskipTests", "-pl", "bench/java", "-am", "package"], cwd=ROOT, check=True)
    return jar


def knows_history(jar):
    """Whether the jar has the `history:` settings (builds before the observation history reject history.dir)."""
    with zipfile.ZipFile(jar) as z:
        return "com/roadcast/observation/HistoryFactory.class" in z.namelist()


def resp(port, *args, timeout=30):
    """One Redis command over a raw RESP connection (no client library needed); returns the parsed reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        parts = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        s.sendall(b"*%d\r\n" % len(parts) + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
        return _reply(s.makefile("rb"))


def _reply(f):
    line = f.readline()
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError("redis: " + rest.decode())
    if kind == b":":
        return int(rest)
    if kind == b"$":
        return None if int(rest) < 0 else f.read(int(rest) + 2)[:-2]
    if kind == b"*":
        return None if int(rest) < 0 else [_reply(f) for _ in range(int(rest))]
    raise RuntimeError("redis: unexpected reply " + repr(line))


class Stack:
    """Starts redis-server and the service; stop() ends both. Everything on loopback, bounded."""

    def __init__(self, redis=True, heap="256m", extra=(), jar=JAR):
        self.jar = built(jar)
        self.tmp = tempfile.mkdtemp(prefix="roadcast-bench-")
        self.port, self.admin = free_port(), free_port()
        self.procs = []
        overrides = [f"-Ddw.server.applicationConnectors[0].port={self.port}",
                     f"-Ddw.server.adminConnectors[0].port={self.admin}",
                     f"-Ddw.auth.keyStore={self.tmp}/keys.json",
                     *([f"-Ddw.history.dir={self.tmp}/history"] if knows_history(self.jar) else []),
                     f"-Ddw.model.bundle={ROOT}/models", *extra]
        if redis:
            self.redis_port = free_port()
            self.procs.append(subprocess.Popen(
                ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no"], stdout=subprocess.DEVNULL))
            overrides.append(f"-Ddw.redis.url=redis://127.0.0.1:{self.redis_port}/0")
        self.overrides = overrides
        self.config = os.path.join(ROOT, "bench", "config-bench.yml")
        self.key = self.create_key("internal", "admin")
        self.log = open(os.path.join(self.tmp, "service.log"), "w")
        self.service = subprocess.Popen(["java", f"-Xmx{heap}", *overrides, "-jar", self.jar, "server", self.config],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        self.procs.append(self.service)
        try:
            self.wait_ready()
        except RuntimeError:
            self.stop()  # no caller holds the stack yet: its redis-server would outlive the script
            raise

    def create_key(self, tier, role):
        """A new key made with the keys command, as an operator would."""
        out = subprocess.run(["java", *self.overrides, "-jar", self.jar, "keys", "create", "--name", f"bench-{tier}",
                              "--tier", tier, "--role", role, self.config],
                             check=True, capture_output=True, text=True).stdout
        return out.strip().splitlines()[-1]

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_ready(self, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline and self.service.poll() is None:
            try:
                with urllib.request.urlopen(self.url("/health/ready"), timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("service did not become ready (or exited); see " + self.log.name)

    def request(self, method, path, body=None, key=True, port=None):
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{port or self.port}{path}", data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if key:
            req.add_header("X-API-Key", self.key)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def data_rows(self):
        """The Los-loop training data: its header (node ids), then one row of speeds per 5-minute step."""
        if not hasattr(self, "rows"):
            with open(os.path.join(DATA, "los_speed_train.csv")) as f:
                self.rows = list(csv.reader(f))
        return self.rows

    def ingest_rows(self, first, count):
        rows = self.data_rows()
        header, values = rows[0], rows[1:]
        items = [{"timestamp": (START + timedelta(minutes=5 * r)).isoformat(),
                  "speeds": dict(zip(header, map(float, values[r])))} for r in range(first, first + count)]
        status, _, body = self.request("POST", "/v1/observations", {"observations": items})
        if status != 202:
            raise RuntimeError(f"ingest failed: {status} {body[:200]}")

    def redis_set(self, key, value):
        """SET over a raw RESP connection (no client library needed)."""
        with socket.create_connection(("127.0.0.1", self.redis_port)) as s:
            parts = [b"SET", key.encode(), value]
            s.sendall(b"*3\r\n" + b"".join(b"$%d\r\n%s\r\n" % (len(p), p) for p in parts))
            if not s.recv(64).startswith(b"+OK"):
                raise RuntimeError("redis SET failed")

    def rss_kb(self, field="VmRSS"):
        """The service's resident set now (VmRSS) or at its peak (VmHWM), in KB."""
        with open(f"/proc/{self.service.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return -1

    def stop(self):
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        self.log.close()


class Seeds:
    """Baseline B (bench/seeds_api.py) under uvicorn with 2 workers, reading the body from `stack`'s Redis."""

    def __init__(self, stack, body, app="best", options=("--loop", "uvloop", "--http", "httptools")):
        self.port = free_port()
        self.key = "seeds-" + os.urandom(8).hex()
        stack.redis_set("seeds:forecast", body)
        env = dict(os.environ, SEEDS_REDIS_PORT=str(stack.redis_port), SEEDS_KEY=self.key,
                   SEEDS_CACHE_KEY="seeds:forecast")
        self.proc = subprocess.Popen(["/usr/bin/python3", "-m", "uvicorn", f"seeds_api:{app}", "--workers", "2",
                                      "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log",
                                      "--log-level", "warning", *options],
                                     cwd=os.path.dirname(os.path.abspath(__file__)), env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    time.sleep(1)
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("uvicorn did not start")

    def url(self):
        return f"http://127.0.0.1:{self.port}/v1/predict"

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
