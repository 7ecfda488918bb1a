"""The HTTP server under each sandbox port: cheroot, threaded, with keep-alive.

Werkzeug's development server closed the connection after every answer, so a benchmark against
the sandbox measured TCP set-up and left thousands of sockets in TIME_WAIT. cheroot keeps idle
connections in a selector (they hold no worker thread) and serves HTTP/1.1 keep-alive.

The test hooks' "drop" and "lost_response" faults must cut the very connection a request came
on; cheroot gives a WSGI app no socket, so the gateway below hands the app a callable that does.
"""

import socket
import threading

from cheroot import wsgi
from cheroot.ssl import Adapter
from cheroot.ssl.builtin import BuiltinSSLAdapter

from pamops_sandbox.hooks import DROP_CONNECTION, ConnectionDropped

# Workers serve requests; idle keep-alive connections wait in cheroot's selector, not in a worker.
WORKER_THREADS = 24
# Idle keep-alive connections are closed after this many seconds (clients reconnect quietly).
IDLE_TIMEOUT = 30
LISTEN_BACKLOG = 128
SHUTDOWN_TIMEOUT = 2
# How often the selector loop wakes up; stop() waits for it (cheroot's default, 0.5 s, made
# every stop of a sandbox half a second slower per port).
POLL_INTERVAL = 0.1


class _Gateway(wsgi.Gateway_10):
    def get_environ(self):
        environ = super().get_environ()
        environ[DROP_CONNECTION] = self._drop_connection
        return environ

    def _drop_connection(self):
        request = self.req
        # Nothing more goes out on this connection, and it is not read again.
        request.close_connection = True
        request.ready = False
        try:
            request.conn.socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def respond(self):
        try:
            super().respond()
        except ConnectionDropped:
            # The app cut the connection on purpose (a fault): cheroot closes it; nothing to log.
            pass


class _ContextSSLAdapter(BuiltinSSLAdapter):
    """cheroot's own TLS adapter, given a ready SSLContext instead of certificate files."""

    def __init__(self, context):  # pylint: disable=super-init-not-called
        # BuiltinSSLAdapter.__init__ would read a certificate and key from files; the throwaway
        # CA keeps them in memory.
        Adapter.__init__(self, None, None)
        self.context = context
        self._server_env = {}


class HttpServer:
    """One listening port: bound at construction (so a taken port fails early), served by
    ``serve_in_thread``, closed by ``stop``."""

    def __init__(self, host, port, app, ca=None):
        self.server = wsgi.Server(
            (host, port),
            app,
            numthreads=WORKER_THREADS,
            server_name="pamops-sandbox",
            request_queue_size=LISTEN_BACKLOG,
            timeout=IDLE_TIMEOUT,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
        )
        self.server.gateway = _Gateway
        self.server.expiration_interval = POLL_INTERVAL
        if ca is not None:
            self.server.ssl_adapter = _ContextSSLAdapter(ca.server_context())
        self.server.prepare()
        self.thread = None

    @property
    def server_port(self):
        return self.server.bind_addr[1]

    def serve_in_thread(self):
        self.thread = threading.Thread(target=self.server.serve, name="pamops-sandbox-%d" % self.server_port, daemon=True)
        self.thread.start()
        return self.thread

    def stop(self):
        self.server.stop()
        if self.thread is not None:
            self.thread.join(SHUTDOWN_TIMEOUT + 1)
            self.thread = None
