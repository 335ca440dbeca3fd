"""Runs wrk (Debian package) with bench/wrk_post.lua and reads its figures."""
import os
import re
import subprocess
import tempfile

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wrk_post.lua")


def wrk(url, body, key="", seconds=10, connections=64, gzip=False, delay_ms=0, threads=1):
    """POSTs body to url for `seconds`; returns req/s, p50/p90/p99 in ms, non-2xx count and bytes read."""
    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
        f.write(body)
    env = dict(os.environ, BODY_FILE=f.name, KEY=key, GZIP="1" if gzip else "0", DELAY_MS=str(delay_ms))
    try:
        out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
                              "--latency", "-s", SCRIPT, url],
                             env=env, capture_output=True, text=True, check=True, timeout=seconds + 30).stdout
    finally:
        os.unlink(f.name)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    pct = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"\b(50|90|99)%\s+([\d.]+)(us|ms|s)\b", out)}
    if not {"50", "90", "99"} <= pct.keys():
        raise RuntimeError("cannot read wrk's latency distribution:\n" + out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": pct["50"], "p90": pct["90"], "p99": pct["99"],
            "non2xx": int(errors.group(1)) if errors else 0, "socket_errors": sockets.group(1) if sockets else ""}
