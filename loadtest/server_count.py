"""Prints what the service's admin port counted so far, as JSON: requests its application connector answered and
rate-limit refusals (429) by tier.

    server_count.py http://127.0.0.1:ADMIN_PORT [http://127.0.0.1:ADMIN_PORT ...]

Dropwizard times every request of the application handler; the admin port's ``/metrics`` serves that timer in
the Prometheus text format as the summary :data:`REQUESTS` (its ``_count`` is the number answered), and the service
counts each refusal by a caller's budget in :data:`REFUSED` (labels ``tier`` and ``endpoint_class``). Several
admin URLs (instances behind one proxy) are added up. Loopback only.
"""

import ipaddress
import json
import re
import socket
import sys
import urllib.parse
import urllib.request

REQUESTS = "jetty_handler_requests_count"
REFUSED = "roadcast_rate_limited_requests_total"
_SAMPLE = re.compile(r'^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>.*)\})?\s+(?P<value>\S+)')
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def require_loopback(url):
    host = urllib.parse.urlsplit(url).hostname
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise ValueError(f"{host} is not a loopback address; load tests stay on 127.0.0.1")


def parse(text):
    """The counts in one /metrics page: {"requests": N, "refused": {tier: N}}."""
    requests, refused = None, {}
    for line in text.splitlines():
        sample = _SAMPLE.match(line)
        if sample is None:
            continue
        value = int(float(sample["value"]))
        if sample["name"] == REQUESTS:
            requests = value
        elif sample["name"] == REFUSED:
            tier = dict(_LABEL.findall(sample["labels"] or "")).get("tier", "other")
            refused[tier] = refused.get(tier, 0) + value
    if requests is None:
        raise ValueError(f"/metrics has no series {REQUESTS}")
    return {"requests": requests, "refused": refused}


def counts(admin_url):
    require_loopback(admin_url)
    with urllib.request.urlopen(admin_url.rstrip("/") + "/metrics", timeout=10) as response:
        return parse(response.read().decode("utf-8"))


def total(admin_urls):
    """The counts of several instances added up."""
    summed = {"requests": 0, "refused": {}}
    for url in admin_urls:
        one = counts(url)
        summed["requests"] += one["requests"]
        for tier, value in one["refused"].items():
            summed["refused"][tier] = summed["refused"].get(tier, 0) + value
    return summed


if __name__ == "__main__":
    print(json.dumps(total(sys.argv[1:] or sys.exit("usage: server_count.py ADMIN_URL [ADMIN_URL ...]"))))
