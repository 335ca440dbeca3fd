"""The miss path's cost beyond inference, on one keep-alive connection with a minimal client (a raw
socket: the request pre-built, the answer read by its Content-Length), so the client adds little."""
import json
import socket
import statistics
import time


class Connection:
    def __init__(self, port, key, request):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.port, self.key = port, key
        self.request = self.build("/v1/predict", json.dumps(request).encode())
        self.buffer = b""

    def build(self, path, body):
        """A POST of `body` (JSON bytes) to `path` with the key, as raw bytes ready to send."""
        return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nContent-Type: application/json\r\n"
                f"X-API-Key: {self.key}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body

    def predict(self):
        """Sends the prediction; returns milliseconds until the last byte, the X-Cache header and the body."""
        return self.send(self.request)

    def send(self, request):
        """Sends a pre-built request; returns milliseconds until the last byte, the X-Cache header and the
        body, and keeps the answer's status in `status`."""
        start = time.perf_counter()
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.status = int(head.split(b" ", 2)[1])
        headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in head.decode().split("\r\n")[1:])}
        if "content-length" in headers:
            body = self.take(int(headers["content-length"]))
        else:
            body = b""
            while True:
                while b"\r\n" not in self.buffer:
                    self.buffer += self.sock.recv(65536)
                size, self.buffer = self.buffer.split(b"\r\n", 1)
                chunk = self.take(int(size, 16) + 2)[:-2]
                if not chunk:
                    break
                body += chunk
        return (time.perf_counter() - start) * 1000, headers.get("x-cache"), body

    def take(self, length):
        while len(self.buffer) < length:
            self.buffer += self.sock.recv(262144)
        data, self.buffer = self.buffer[:length], self.buffer[length:]
        return data

    def close(self):
        self.sock.close()


def miss_path(stack, first_row, samples, warmup=20, request=None):
    """A new window before each request (default: all nodes at 4 horizons); the hit right after returns the
    same bytes, so miss minus hit is what computing costs beyond moving the answer. The first `warmup` are
    not counted; each request uses one row of data."""
    conn = Connection(stack.port, stack.key, request or {"horizons": [3, 6, 9, 12]})
    overheads, inference, hits = [], [], []
    for i in range(warmup + samples):
        stack.ingest_rows(first_row + i, 1)
        elapsed, cache, data = conn.predict()
        assert cache == "MISS", cache
        hit = conn.predict()[0]
        if i >= warmup:
            ms = json.loads(data)["inference_time_ms"]
            inference.append(ms)
            overheads.append(elapsed - ms)
            hits.append(hit)
    conn.close()
    return {"inference_p50": statistics.median(inference), "overhead_p50": statistics.median(overheads),
            "overhead_p90": statistics.quantiles(overheads, n=10)[-1], "hit_p50": statistics.median(hits)}
