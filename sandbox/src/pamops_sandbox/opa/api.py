"""The OPA / ASA HTTP API (opa-api.md), as a Werkzeug WSGI app over OpaService."""

import base64
import binascii
import dataclasses
import json
import re
import threading
import time
from urllib.parse import urlencode

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from pamops_sandbox.opa.model import MAX_PAGE_SIZE, OpaError, OpaService, invalid
from pamops_sandbox.persistence import StateFile
from pamops_sandbox.rwlock import ReadWriteLock

# §5: the documented error id for each status. 405 and 502 have none; the nearest is used.
ERROR_TYPES = {
    400: "invalid_request",
    401: "authentication_error",
    403: "forbidden_error",
    404: "resource_does_not_exist",
    405: "invalid_request",
    409: "resource_already_exists",
    415: "unsupported_content_type",
    429: "too_many_requests",
    500: "unknown_error",
    502: "unknown_error",
    503: "service_offline",
    504: "gateway_timeout",
}

TEAM = "/v1/teams/<team>"
TEAM_PREFIX = re.compile(r"^/v1/teams/([^/]+)")
ROUTES = [
    Rule(TEAM + "/service_token", methods=["POST"], endpoint="service_token"),
    Rule(TEAM + "/current_user", methods=["GET"], endpoint="current_user"),
    Rule(TEAM + "/service_users", methods=["GET"], endpoint="list_users"),
    Rule(TEAM + "/service_users", methods=["POST"], endpoint="create_user"),
    Rule(TEAM + "/service_users/<user_name>", methods=["GET"], endpoint="get_user"),
    Rule(TEAM + "/service_users/<user_name>", methods=["PUT"], endpoint="update_user"),
    Rule(TEAM + "/service_users/<user_name>/keys", methods=["GET"], endpoint="list_keys"),
    Rule(TEAM + "/service_users/<user_name>/keys", methods=["POST"], endpoint="rotate_key"),
    Rule(TEAM + "/service_users/<user_name>/keys/<key_id>", methods=["DELETE"], endpoint="delete_key"),
    Rule(TEAM + "/groups", methods=["GET"], endpoint="list_groups"),
    Rule(TEAM + "/groups", methods=["POST"], endpoint="create_group"),
    Rule(TEAM + "/groups/<group_name>", methods=["GET"], endpoint="get_group"),
    Rule(TEAM + "/groups/<group_name>", methods=["PUT"], endpoint="update_group"),
    Rule(TEAM + "/groups/<group_name>", methods=["DELETE"], endpoint="delete_group"),
    Rule(TEAM + "/groups/<group_name>/users", methods=["GET"], endpoint="list_members"),
    Rule(TEAM + "/groups/<group_name>/users", methods=["POST"], endpoint="add_member"),
    Rule(TEAM + "/groups/<group_name>/users/<user_name>", methods=["DELETE"], endpoint="remove_member"),
    Rule(TEAM + "/users/<user_name>/groups", methods=["GET"], endpoint="user_groups"),
]
# Endpoints that change nothing (for the role check and for persistence).
READ_ONLY = {"current_user", "list_users", "get_user", "list_keys", "list_groups", "get_group", "list_members", "user_groups"}


def _encode_offset(object_id):
    return base64.urlsafe_b64encode(object_id.encode()).decode().rstrip("=")


def _decode_offset(offset):
    try:
        return base64.urlsafe_b64decode(offset + "=" * (-len(offset) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid("offset is not one this server issued", "offset") from None


class RateLimiter:
    """A fixed window per team (§7). Headers on every answer; 429 only when enforced."""

    NOMINAL_LIMIT = 10000

    def __init__(self, settings, clock):
        self.settings = settings
        self.clock = clock
        self.windows = {}
        self.configured = None
        self.lock = threading.Lock()

    def take(self, team):
        """Count one request; return (allowed, headers)."""
        now = self.clock()
        window = self.settings.rate_limit_window or 60.0
        enforced = self.settings.rate_limit > 0
        limit = self.settings.rate_limit if enforced else self.NOMINAL_LIMIT
        with self.lock:
            # A changed limit starts new windows: tests set a limit and expect it from now on.
            if self.configured != (self.settings.rate_limit, window):
                self.configured = (self.settings.rate_limit, window)
                self.windows.clear()
            start, used = self.windows.get(team, (now, 0))
            if now >= start + window:
                start, used = now, 0
            allowed = used < limit or not enforced
            if allowed:
                used += 1
            self.windows[team] = (start, used)
        reset = int(start + window) + 1
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - used)),
            "X-RateLimit-Reset": str(reset),
        }
        if not allowed:
            headers["X-RateLimit-Retry-At"] = str(reset)
        return allowed, headers


class OpaApi:
    name = "opa"

    def __init__(self, settings, clock, seed, state_path=None):
        self.settings = settings
        self.clock = clock
        self.seed = seed
        # Reads share the lock; a write holds it alone (and while its change is journalled).
        self.lock = ReadWriteLock()
        self.service = OpaService(settings, clock)
        # Settings as started, for reset. Rate limits run on real time, not the sandbox clock that
        # tests move forward: clients compare X-RateLimit-Retry-At with their own clocks.
        self.initial_settings = dataclasses.replace(settings)
        self.rate_limiter = RateLimiter(settings, time.time)
        # Rules bind to one Map: each app gets unbound copies, so several sandboxes (or a restart)
        # can live in one process.
        self.url_map = Map([rule.empty() for rule in ROUTES], strict_slashes=False)
        # Matching needs no host; the answers are kept per path and method (werkzeug's matcher
        # was a fifth of the time of a simple read).
        self.matcher = self.url_map.bind("sandbox")
        self.routes = {}
        self.state = StateFile(state_path) if state_path else None
        saved = self.state.load() if self.state else None
        if saved and "opa" in saved:
            self.service.load_dict(saved["opa"])
        else:
            self.service.load_seed(seed)
            self.save()

    # -- what the test hooks call -------------------------------------------------------------

    def error_response(self, status, message, headers, errors=None, error_type=None):
        body = {"message": message, "type": error_type or ERROR_TYPES.get(status, "unknown_error")}
        if errors:
            body["errors"] = errors
        return Response(json.dumps(body), status=status, headers=headers, content_type="application/json")

    def rate_limit_headers(self, now, retry_after):
        retry_at = str(int(now + retry_after + 0.999))
        return {"X-RateLimit-Limit": "0", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": retry_at, "X-RateLimit-Retry-At": retry_at}

    @staticmethod
    def is_write(method, path):
        # Minting a token changes nothing a user manages; check mode mints one too.
        return method not in ("GET", "HEAD") and not path.endswith("/service_token")

    def reset(self):
        with self.lock:
            for field in dataclasses.fields(self.settings):
                setattr(self.settings, field.name, getattr(self.initial_settings, field.name))
            self.service.load_seed(self.seed)
            self.rate_limiter.windows.clear()
            self.save()

    def revoke_tokens(self):
        with self.lock:
            count = self.service.revoke_all_tokens()
            self.save()
        return count

    def snapshot(self):
        return {"opa": self.service.to_dict()}

    def save(self):
        """The whole state as a new snapshot: at start, reset and token revocation."""
        self.service.changed.clear()
        if self.state:
            self.state.save(self.snapshot())

    def save_changes(self):
        """Only what the last write changed, appended to the journal."""
        operations = [(op[0], ("opa",) + op[1]) + op[2:] for op in self.service.take_changes()]
        if self.state:
            self.state.record(operations, self.snapshot)

    def close(self):
        with self.lock:
            if self.state:
                self.state.close(self.snapshot())

    # -- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        headers = {}
        try:
            # §7: every response carries the X-RateLimit-* headers, 404 and 405 included, so the
            # team's bucket is taken before routing (paths outside a team share one bucket).
            team = TEAM_PREFIX.match(request.path)
            allowed, headers = self.rate_limiter.take(team.group(1) if team else "")
            if not allowed:
                raise OpaError(429, "too_many_requests", "Too many requests; retry at X-RateLimit-Retry-At")
            try:
                rule, args = self.match(request.path, request.method)
            except NotFound:
                raise OpaError(404, "resource_does_not_exist", "no such API path: %s" % request.path) from None
            except MethodNotAllowed as exc:
                methods = ", ".join(sorted(exc.valid_methods or ()))
                # RFC 9110 §15.5.6: a 405 names the methods the resource supports.
                headers["Allow"] = methods
                raise OpaError(405, "invalid_request", "%s is not allowed on %s (allowed: %s)" % (request.method, request.path, methods)) from None
            environ["pamops.route"] = rule.rule
            read_only = rule.endpoint in READ_ONLY
            with self.lock.shared() if read_only else self.lock:
                try:
                    status, body = self.dispatch(request, environ, rule.endpoint, args, headers)
                finally:
                    if not read_only:
                        # A write refused half-way may still have changed something (expired
                        # tokens forgotten): the journal follows memory.
                        self.save_changes()
        except OpaError as exc:
            response = self.error_response(exc.status, exc.message, headers, exc.errors, exc.error_type)
        else:
            if body is not None and request.method != "HEAD":
                # The common answer, written directly: werkzeug's Response cost as much as
                # serving the read itself.
                data = json.dumps(body).encode("utf-8")
                start_response(
                    "%d %s" % (status, HTTP_STATUS_CODES[status].upper()),
                    [("Content-Type", "application/json"), ("Content-Length", str(len(data)))] + list(headers.items()),
                )
                return [data]
            if body is None:
                response = Response(status=status, headers=headers)
            else:
                response = Response(json.dumps(body), status=status, headers=headers, content_type="application/json")
        return response(environ, start_response)

    def match(self, path, method):
        key = (path, method)
        route = self.routes.get(key)
        if route is None:
            route = self.matcher.match(path, method, return_rule=True)
            if len(self.routes) >= 10000:
                self.routes.clear()
            self.routes[key] = route
        return route

    @staticmethod
    def json_body(request, required=True):
        """§1: a body that is not a JSON object is 415 unsupported_content_type."""
        data = request.get_data(cache=True)
        if not data.strip() and not required:
            return {}
        mimetype = request.mimetype or ""
        try:
            body = json.loads(data) if mimetype == "application/json" or mimetype.endswith("+json") else None
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise OpaError(415, "unsupported_content_type", "The request body must be a JSON object sent as application/json")
        return body

    def dispatch(self, request, environ, endpoint, args, headers):
        service = self.service
        team_name = args["team"]
        if endpoint == "service_token":
            body = self.json_body(request)
            return 200, service.issue_token(team_name, body.get("key_id"), body.get("key_secret"))

        team, caller = service.authenticate(team_name, request.headers.get("Authorization"))
        environ["pamops.principal"] = caller.name
        if endpoint not in READ_ONLY:
            # Only a write may change the state: reads run side by side under a shared lock.
            service.forget_expired_tokens(team)
        if endpoint == "current_user":
            return 200, {"team_name": team.name, "name": caller.name, "id": caller.id}
        service.require_role(team, caller, write=endpoint not in READ_ONLY)

        if endpoint == "list_users":
            users = service.list_users(
                team, request.args.get("contains"), request.args.get("starts_with"), self.statuses(request)
            )
            return 200, self.page(request, headers, users, lambda u: u.id, lambda u: service.render_user(team, u))
        if endpoint == "create_user":
            user = service.create_user(team, self.json_body(request).get("name"))
            return 201, service.render_user(team, user)
        if endpoint == "get_user":
            return 200, service.render_user(team, service.user(team, args["user_name"]))
        if endpoint == "update_user":
            user = service.update_user(team, caller, args["user_name"], self.json_body(request))
            return 200, service.render_user(team, user)
        if endpoint == "list_keys":
            keys = service.list_keys(team, args["user_name"])
            return 200, self.page(request, headers, keys, lambda k: k.id, service.render_key)
        if endpoint == "rotate_key":
            self.json_body(request, required=False)
            key, secret = service.rotate_key(team, args["user_name"])
            return 200, service.render_key(key, secret)
        if endpoint == "delete_key":
            service.delete_key(team, args["user_name"], args["key_id"])
            return 204, None
        if endpoint == "list_groups":
            groups = service.list_groups(
                team,
                request.args.get("contains"),
                include_deleted=request.args.get("include_deleted") == "true",
                only_deleted=request.args.get("only_include_deleted") == "true",
            )
            return 200, self.page(request, headers, groups, lambda g: g.id, service.render_group)
        if endpoint == "create_group":
            return 201, service.render_group(service.create_group(team, self.json_body(request)))
        if endpoint == "get_group":
            return 200, service.render_group(service.get_group(team, args["group_name"]))
        if endpoint == "update_group":
            service.update_group(team, args["group_name"], self.json_body(request))
            return 204, None
        if endpoint == "delete_group":
            service.delete_group(team, args["group_name"])
            return 204, None
        if endpoint == "list_members":
            members = service.list_members(
                team, args["group_name"], request.args.get("contains"), request.args.get("starts_with"), self.statuses(request)
            )
            return 200, self.page(request, headers, members, lambda u: u.id, lambda u: service.render_user(team, u))
        if endpoint == "add_member":
            service.add_member(team, args["group_name"], self.json_body(request))
            return 204, None
        if endpoint == "remove_member":
            service.remove_member(team, args["group_name"], args["user_name"])
            return 204, None
        if endpoint == "user_groups":
            refusal = self.settings.user_groups_refusal_status
            user = team.users.get(args["user_name"])
            if refusal and user is not None and user.user_type == "service":
                # §8: documented for ASA users; a service that refuses it for service users.
                raise OpaError(refusal, ERROR_TYPES[refusal], "users/{user_name}/groups does not serve service users")
            groups = service.groups_of_user(team, args["user_name"])
            return 200, self.page(request, headers, groups, lambda g: g.id, service.render_group)
        raise OpaError(404, "resource_does_not_exist", "no such API path")

    @staticmethod
    def statuses(request):
        statuses = request.args.getlist("status")
        for status in statuses:
            if status not in ("ACTIVE", "DISABLED", "DELETED"):
                raise invalid("status must be ACTIVE, DISABLED or DELETED", "status")
        return statuses

    def page(self, request, headers, items, id_of, render):
        """§6: ``count`` (default and maximum 100), opaque ``offset``, ``prev``, ``descending``,
        and absolute ``Link`` URLs for next/prev that carry ``count`` and the filters."""
        try:
            count = int(request.args.get("count", MAX_PAGE_SIZE))
        except ValueError:
            raise invalid("count must be an integer", "count") from None
        if count < 1:
            raise invalid("count must be at least 1", "count")
        count = min(count, MAX_PAGE_SIZE)
        if request.args.get("descending") == "true":
            items = list(reversed(items))
        ids = [id_of(item) for item in items]
        start = 0
        offset = request.args.get("offset")
        if offset:
            anchor = _decode_offset(offset)
            if anchor not in ids:
                raise invalid("offset is not one this server issued, or its object is gone", "offset")
            start = ids.index(anchor)
        if request.args.get("prev") == "true":
            end, start = start, max(0, start - count)
        else:
            end = start + count
        links = []
        kept = [(k, v) for k, v in request.args.items(multi=True) if k not in ("offset", "prev", "count")]
        # §6: a server behind a proxy or an alias names its canonical host in the links.
        base = self.settings.public_base_url + request.path if self.settings.public_base_url else request.base_url
        if end < len(items):
            query = urlencode(kept + [("count", count), ("offset", _encode_offset(ids[end]))])
            links.append('<%s?%s>; rel="next"' % (base, query))
        if start > 0:
            query = urlencode(kept + [("count", count), ("offset", _encode_offset(ids[start])), ("prev", "true")])
            links.append('<%s?%s>; rel="prev"' % (base, query))
        if links:
            headers["Link"] = ", ".join(links)
        return {"list": [render(item) for item in items[start:end]]}
