# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A test-only reverse proxy: forwards every request to one upstream, as a plain proxy that does
not preserve the Host header would, and logs "METHOD PATH" of each request to a file (its access log goes to stderr).

Usage: forward_proxy.py UPSTREAM_URL PORT_FILE LOG_FILE

It listens on an ephemeral loopback port and writes that port to PORT_FILE once it accepts
connections. The upstream then sees its own host in Host and writes it into its Link URLs,
which name a host the client was not given (opa-api.md section 6).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import http.client
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers", "transfer-encoding", "upgrade"}


def make_handler(upstream, log_path):
    target = urlsplit(upstream)
    log_lock = threading.Lock()

    class Forward(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = dict((k, v) for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host")
            headers["Host"] = target.netloc
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            try:
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                payload = answer.read()
            finally:
                connection.close()
            with log_lock, open(log_path, "a", encoding="utf-8") as log:
                log.write("%s %s\n" % (self.command, self.path.split("?", 1)[0]))
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in HOP_BY_HOP and name.lower() not in ("content-length", "date", "server"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = forward

    return Forward


def main():
    upstream, port_file, log_path = sys.argv[1:4]
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(upstream, log_path))
    temporary = port_file + ".tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(str(server.server_port))
    os.rename(temporary, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
