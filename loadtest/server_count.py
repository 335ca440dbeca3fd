"""Prints how many requests the service's application connector has answered so far, from its admin port.

    server_count.py http://127.0.0.1:ADMIN_PORT

Dropwizard times every request of the application handler; the admin port's ``/metrics`` serves that timer in
the Prometheus text format as the summary :data:`SERIES` (its ``_count`` is the number answered). Loopback only.
"""

import ipaddress
import socket
import sys
import urllib.parse
import urllib.request

SERIES = "jetty_handler_requests_count"


def require_loopback(url):
    host = urllib.parse.urlsplit(url).hostname
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise ValueError(f"{host} is not a loopback address; load tests stay on 127.0.0.1")


def requests_answered(admin_url):
    require_loopback(admin_url)
    with urllib.request.urlopen(admin_url.rstrip("/") + "/metrics", timeout=10) as response:
        text = response.read().decode("utf-8")
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name == SERIES:
            return int(float(value))
    raise ValueError(f"{admin_url}/metrics has no series {SERIES}")


if __name__ == "__main__":
    print(requests_answered(sys.argv[1]))
