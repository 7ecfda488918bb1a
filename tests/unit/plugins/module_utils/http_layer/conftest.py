# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real HTTP server on loopback for the HTTP layer's tests: each test scripts its answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import logging
import ssl
import threading

import pytest
import trustme
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


class ScriptedServer:
    """Records every request; ``handler(request) -> Response`` decides the answer."""

    def __init__(self):
        self.requests = []
        self.handler = lambda request: Response("{}", content_type="application/json")
        self.url = None
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        request = Request(environ)
        # Read the body now: tests inspect it after the connection is gone.
        request.get_data(cache=True)
        with self._lock:
            self.requests.append(request)
        return self.handler(request)(environ, start_response)

    def count(self, path=None):
        return len([r for r in self.requests if path is None or r.path == path])


def _serve(app, ssl_context=None):
    # Werkzeug logs every request at INFO; keep test output readable.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=ssl_context)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture
def server():
    app = ScriptedServer()
    httpd, thread = _serve(app)
    app.url = "http://127.0.0.1:%d" % httpd.server_port
    try:
        yield app
    finally:
        httpd.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def certificate_authority():
    return trustme.CA()


@pytest.fixture
def tls_server(certificate_authority, tmp_path):
    app = ScriptedServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    httpd, thread = _serve(app, ssl_context=context)
    app.url = "https://127.0.0.1:%d" % httpd.server_port
    app.ca_file = str(tmp_path / "ca.pem")
    certificate_authority.cert_pem.write_to_path(app.ca_file)
    try:
        yield app
    finally:
        httpd.shutdown()
        thread.join(5)


class FakeClock:
    """time() and sleep() for rate-limit tests: sleeping advances time instantly."""

    def __init__(self, start=1800000000.0):
        self.now = start
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()
