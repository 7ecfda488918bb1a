"""Test hooks shared by every sandbox service: request log, fault injection, clock.

They live under ``/_sandbox/`` on the service's own port, answer loopback clients only, and
wrap the service's WSGI app as middleware, so the service code knows nothing of them.
"""

import ipaddress
import json
import random
import re
import threading
import time

from werkzeug.wrappers import Request, Response

FAULT_KINDS = ("latency", "error", "drop", "lost_response", "rate_limit")
ERROR_STATUSES = (500, 502, 503, 504)


def json_response(body, status=200, headers=None):
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


class SandboxClock:
    """Real time plus an offset that tests may advance (token lifetimes, key grace)."""

    def __init__(self):
        self.offset = 0.0

    def __call__(self):
        return time.time() + self.offset


class Fault:
    def __init__(self, spec, fault_id):
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError("kind must be one of %s" % ", ".join(FAULT_KINDS))
        self.id = fault_id
        self.kind = kind
        self.status = int(spec.get("status", 503))
        if kind == "error" and self.status not in ERROR_STATUSES:
            raise ValueError("status must be one of %s" % ", ".join(map(str, ERROR_STATUSES)))
        self.delay = float(spec.get("delay", 0.0))
        self.retry_after = float(spec.get("retry_after", 1.0))
        self.methods = {m.upper() for m in spec.get("methods") or ()}
        self.path = re.compile(spec["path"]) if spec.get("path") else None
        self.probability = float(spec.get("probability", 1.0))
        if not 0.0 <= self.probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        # Checked here: a bad count would otherwise fail every request the fault is matched against.
        self.remaining = None if spec.get("count") is None else int(spec["count"])
        self.skip = int(spec.get("skip", 0))
        self.fired = 0

    def matches(self, method, path, rng):
        if self.methods and method not in self.methods:
            return False
        if self.path and not self.path.search(path):
            return False
        if self.skip > 0:
            self.skip -= 1
            return False
        if self.remaining is not None and self.remaining <= 0:
            return False
        if self.probability < 1.0 and rng.random() >= self.probability:
            return False
        if self.remaining is not None:
            self.remaining -= 1
        self.fired += 1
        return True

    def describe(self):
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status if self.kind == "error" else None,
            "delay": self.delay,
            "methods": sorted(self.methods),
            "path": self.path.pattern if self.path else None,
            "probability": self.probability,
            "remaining": self.remaining,
            "fired": self.fired,
        }


# The environ key under which the HTTP server puts a callable that cuts the request's connection.
DROP_CONNECTION = "pamops.drop_connection"


class ConnectionDropped(ConnectionAbortedError):
    """Raised by the middleware after cutting the connection; the HTTP server expects it."""


def _drop_connection(environ):
    drop = environ.get(DROP_CONNECTION)
    if drop is not None:
        drop()
    raise ConnectionDropped("connection dropped by a sandbox fault")


def _is_loopback(address):
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return False
    # On a dual-stack listener (--host ::) an IPv4 client shows up as ::ffff:127.0.0.1.
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or bool(mapped and mapped.is_loopback)


class TestHooks:
    """Middleware around one service app.

    The service provides: ``error_response(status, message, headers)`` in its own error format,
    ``rate_limit_headers(now, retry_after)`` for a 429 storm, ``reset()``, ``revoke_tokens()``,
    ``settings`` (a dataclass the config hook reads and writes) and ``route_of(environ)``; and
    optionally ``service_hooks()``, its own hooks as ``{(name, method): handler(request)}``.
    """

    def __init__(self, service, clock, seed=0):
        self.service = service
        self.clock = clock
        self.log = []
        self.faults = []
        self.sequence = 0
        self.fault_ids = 0
        self.rng = random.Random(seed)
        self.lock = threading.Lock()

    # -- the middleware ---------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_sandbox/") or path == "/_sandbox":
            request = Request(environ)
            if not _is_loopback(request.remote_addr):
                response = json_response({"message": "the /_sandbox/ hooks answer loopback clients only"}, 403)
            else:
                response = self.handle_hook(request)
            return response(environ, start_response)
        return self.serve(environ, start_response)

    def _pick_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault.matches(method, path, self.rng):
                    return fault
        return None

    def serve(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO", "")
        started = time.monotonic()
        fault = self._pick_fault(method, path)
        entry = {
            "time": self.clock(),
            "method": method,
            "path": path,
            "query": environ.get("QUERY_STRING", ""),
            "route": None,
            "principal": None,
            "status": None,
            "fault": fault.kind if fault else None,
        }
        captured = {}

        def capture_status(status, headers, exc_info=None):
            captured["status"] = int(status.split(" ", 1)[0])
            return start_response(status, headers, exc_info)

        try:
            if fault is not None and fault.kind == "latency":
                time.sleep(fault.delay)
                fault = None
            if fault is not None and fault.kind == "drop":
                entry["status"] = "dropped"
                self._record(entry, environ, started)
                _drop_connection(environ)
            if fault is not None and fault.kind == "error":
                response = self.service.error_response(fault.status, "injected fault: HTTP %d" % fault.status, {})
                return response(environ, capture_status)
            if fault is not None and fault.kind == "rate_limit":
                headers = self.service.rate_limit_headers(time.time(), fault.retry_after)
                response = self.service.error_response(429, "Too many requests", headers)
                return response(environ, capture_status)
            body = self.service(environ, capture_status)
            if fault is not None and fault.kind == "lost_response":
                # The change is applied (and persisted); only the answer is lost.
                if hasattr(body, "close"):
                    body.close()
                entry["status"] = "lost"
                self._record(entry, environ, started)
                _drop_connection(environ)
            return body
        finally:
            if entry["status"] is None:
                entry["status"] = captured.get("status")
            self._record(entry, environ, started)

    def _record(self, entry, environ, started):
        """Append the entry to the request log once. A dropped or lost answer is recorded
        before the connection closes: the client sees the close at once and may send its next
        request, which must not be logged ahead of the one it follows."""
        if "seq" in entry:
            return
        entry["route"] = environ.get("pamops.route")
        entry["principal"] = environ.get("pamops.principal")
        entry["duration_ms"] = round((time.monotonic() - started) * 1000, 3)
        with self.lock:
            self.sequence += 1
            entry["seq"] = self.sequence
            self.log.append(entry)

    # -- the hook endpoints -----------------------------------------------------------------

    def handle_hook(self, request):
        name = request.path[len("/_sandbox/"):].strip("/")
        handler = {
            ("health", "GET"): self.hook_health,
            ("requests", "GET"): self.hook_requests,
            ("requests", "DELETE"): self.hook_clear_requests,
            ("faults", "GET"): self.hook_faults,
            ("faults", "POST"): self.hook_add_faults,
            ("faults", "DELETE"): self.hook_clear_faults,
            ("reset", "POST"): self.hook_reset,
            ("config", "GET"): self.hook_config,
            ("config", "PUT"): self.hook_set_config,
            ("clock", "GET"): self.hook_clock,
            ("clock", "POST"): self.hook_advance_clock,
        }.get((name, request.method))
        if handler is None:
            # Hooks only one service has (the Vault front's Okta Verify pushes), if it offers any.
            handler = getattr(self.service, "service_hooks", dict)().get((name, request.method))
        if handler is None:
            return json_response({"message": "no sandbox hook %s %s" % (request.method, request.path)}, 404)
        try:
            return handler(request)
        except (ValueError, TypeError, KeyError, re.error) as exc:
            return json_response({"message": "bad hook request: %s" % exc}, 400)

    @staticmethod
    def _json(request):
        body = request.get_json(force=True, silent=True)
        if body is None:
            raise ValueError("the body must be JSON")
        return body

    def hook_health(self, request):
        return json_response({"status": "ok", "service": self.service.name})

    def hook_requests(self, request):
        since = int(request.args.get("since", 0))
        with self.lock:
            entries = [e for e in self.log if e["seq"] > since]
        counts = {}
        for entry in entries:
            key = "%s %s" % (entry["method"], entry["route"] or entry["path"])
            counts[key] = counts.get(key, 0) + 1
        writes = sum(1 for e in entries if self.service.is_write(e["method"], e["path"]))
        return json_response({"requests": entries, "counts": counts, "total": len(entries), "writes": writes, "last_seq": self.sequence})

    def hook_clear_requests(self, request):
        with self.lock:
            self.log.clear()
        return Response(status=204)

    def hook_faults(self, request):
        with self.lock:
            return json_response({"faults": [f.describe() for f in self.faults]})

    def hook_add_faults(self, request):
        body = self._json(request)
        specs = body if isinstance(body, list) else [body]
        if not all(isinstance(spec, dict) for spec in specs):
            raise ValueError("each fault must be a JSON object")
        revoke = any(spec.get("kind") == "revoke_tokens" for spec in specs)
        with self.lock:
            # All or nothing: every spec is checked before any fault takes effect.
            faults = [Fault(spec, self.fault_ids + number) for number, spec in enumerate(specs, 1) if spec.get("kind") != "revoke_tokens"]
            self.fault_ids += len(faults)
            self.faults.extend(faults)
        revoked = self.service.revoke_tokens() if revoke else None
        added = [fault.describe() for fault in faults]
        return json_response({"faults": added, "revoked_tokens": revoked}, 201)

    def hook_clear_faults(self, request):
        with self.lock:
            self.faults.clear()
        return Response(status=204)

    def hook_reset(self, request):
        self.service.reset()
        with self.lock:
            self.faults.clear()
            self.log.clear()
        self.clock.offset = 0.0
        return Response(status=204)

    def hook_config(self, request):
        return json_response(self.service.settings.to_dict())

    def hook_set_config(self, request):
        self.service.settings.update(self._json(request))
        return json_response(self.service.settings.to_dict())

    def hook_clock(self, request):
        return json_response({"now": self.clock(), "offset": self.clock.offset})

    def hook_advance_clock(self, request):
        seconds = float(self._json(request).get("advance", 0))
        if seconds < 0:
            raise ValueError("the sandbox clock only moves forward")
        self.clock.offset += seconds
        return json_response({"now": self.clock(), "offset": self.clock.offset})
