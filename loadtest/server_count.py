"""Prints how many requests the service's application connector has answered so far, from its admin port.

    server_count.py http://127.0.0.1:ADMIN_PORT

Dropwizard times every request of the application handler in the timer named by :data:`TIMER` and serves its
metrics registry as JSON at the admin port's ``/metrics``. Loopback addresses only.
"""

import ipaddress
import json
import socket
import sys
import urllib.parse
import urllib.request

TIMER = "io.dropwizard.jetty.MutableServletContextHandler.requests"


def require_loopback(url):
    host = urllib.parse.urlsplit(url).hostname
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise ValueError(f"{host} is not a loopback address; load tests stay on 127.0.0.1")


def requests_answered(admin_url):
    require_loopback(admin_url)
    with urllib.request.urlopen(admin_url.rstrip("/") + "/metrics", timeout=10) as response:
        metrics = json.load(response)
    try:
        return int(metrics["timers"][TIMER]["count"])
    except KeyError as missing:
        raise ValueError(f"{admin_url}/metrics has no timer {TIMER} ({missing})") from None


if __name__ == "__main__":
    print(requests_answered(sys.argv[1]))
