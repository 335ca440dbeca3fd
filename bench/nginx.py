"""Nginx (Debian package) in front of one service instance, from bench/nginx-bench.conf, on free ports."""
import os
import subprocess
import tempfile
import time

from stack import free_port

HERE = os.path.dirname(os.path.abspath(__file__))


class Nginx:
    def __init__(self, upstream_port, keepalive=128):
        self.tmp = tempfile.mkdtemp(prefix="roadcast-nginx-")
        os.chmod(self.tmp, 0o755)
        self.ports = {"compress": free_port(), "passthrough": free_port()}
        with open(os.path.join(HERE, "nginx-bench.conf")) as f:
            conf = (f.read().replace("@TMP@", self.tmp).replace("@UPSTREAM@", str(upstream_port))
                    .replace("@KEEPALIVE@", str(keepalive))
                    .replace("@COMPRESS@", str(self.ports["compress"]))
                    .replace("@PASSTHROUGH@", str(self.ports["passthrough"])))
        self.conf = os.path.join(self.tmp, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(conf)
        subprocess.run(["nginx", "-p", self.tmp, "-c", self.conf], check=True)
        time.sleep(0.5)

    def url(self, server, path):
        return f"http://127.0.0.1:{self.ports[server]}{path}"

    def stop(self):
        subprocess.run(["nginx", "-p", self.tmp, "-c", self.conf, "-s", "quit"], check=False)
