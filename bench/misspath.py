"""The miss path's cost beyond inference, on one keep-alive connection."""
import http.client
import json
import statistics
import time


def miss_path(stack, first_row, samples, warmup=20):
    """A new window before each request (all nodes); the hit right after returns the same bytes, so
    miss minus hit is what computing costs beyond moving the answer. The first `warmup` are not counted."""
    conn = http.client.HTTPConnection("127.0.0.1", stack.port)
    headers = {"Content-Type": "application/json", "X-API-Key": stack.key}
    body = json.dumps({"horizons": [3, 6, 9, 12]})

    def timed():
        start = time.perf_counter()
        conn.request("POST", "/v1/predict", body, headers)
        response = conn.getresponse()
        data = response.read()
        return (time.perf_counter() - start) * 1000, response.getheader("X-Cache"), data

    overheads, inference, hits = [], [], []
    for i in range(warmup + samples):
        stack.ingest_rows(first_row + i, 1)
        elapsed, cache, data = timed()
        assert cache == "MISS", cache
        hit = timed()[0]
        if i >= warmup:
            ms = json.loads(data)["inference_time_ms"]
            inference.append(ms)
            overheads.append(elapsed - ms)
            hits.append(hit)
    conn.close()
    return {"inference_p50": statistics.median(inference), "overhead_p50": statistics.median(overheads),
            "overhead_p90": statistics.quantiles(overheads, n=10)[-1], "hit_p50": statistics.median(hits)}
