"""The Vault front: serves the emulated Okta auth method, passes everything else to OpenBao.

What a client sees at VAULT_ADDR is a real OpenBao (token auth, namespaces, policies, KV,
``sys/*``), except that ``sys/auth`` also knows mounts of type ``okta``, and requests under
such a mount are answered by the emulation (vault-okta-api.md). Authorisation stays real: the
front asks OpenBao what the caller's token may do before serving it.
"""

import hashlib
import json
import re
import secrets
import time
import uuid
from dataclasses import asdict, dataclass, fields

from werkzeug.wrappers import Request, Response

from pamops_sandbox.persistence import StateFile
from pamops_sandbox.rwlock import ReadWriteLock
from pamops_sandbox.vault import parsing
from pamops_sandbox.vault.capabilities import CapabilityCache
from pamops_sandbox.vault.okta_backend import (
    CONFIG_FIELDS,
    DEFAULT_TUNE,
    GROUP_FIELDS,
    PERMISSION_DENIED,
    UNSUPPORTED_OPERATION,
    UNSUPPORTED_PATH,
    USER_FIELDS,
    OktaBackend,
    OktaMount,
    Reply,
    with_parameter_warnings,
)

# The token store's renewal endpoints, and where each finds the token to renew.
RENEW_PATHS = {"auth/token/renew-self": "header", "auth/token/renew": "token", "auth/token/renew-accessor": "accessor"}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "te", "trailer", "upgrade", "host"}
# Vault's own defaults when a mount sets none (768 h).
SYSTEM_DEFAULT_TTL = 2764800
TUNE_TOKEN_TYPES = ("default-service", "default-batch", "service", "batch")
LISTING_VISIBILITY = ("", "unauth", "hidden")
# Operations that change nothing in OpenBao (GET with ?list=true is a list too).
READ_METHODS = ("GET", "HEAD", "OPTIONS", "LIST")


@dataclass
class VaultSettings:
    # Seconds each emulated call to Okta takes during login: for latency-sensitive tests.
    okta_latency: float = 0.0

    def to_dict(self):
        return asdict(self)

    def update(self, values):
        known = {f.name for f in fields(self)}
        checked = {}
        for name, value in values.items():
            if name not in known:
                raise ValueError("unknown setting %r (known: %s)" % (name, ", ".join(sorted(known))))
            checked[name] = float(value)
            if checked[name] < 0:
                raise ValueError("%s must not be negative" % name)
        for name, value in checked.items():
            setattr(self, name, value)


def _namespace(request):
    return (request.headers.get("X-Vault-Namespace") or "").strip("/")


def _token(request):
    token = request.headers.get("X-Vault-Token")
    if not token and (request.headers.get("Authorization") or "").startswith("Bearer "):
        token = request.headers["Authorization"][len("Bearer "):].strip()
    return token


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _mount_key(namespace, path):
    return json.dumps([namespace, path])


def _index_mounts(snapshot):
    """vault.json keeps the mounts as a list; the journal names them by namespace and path."""
    return {"mounts": {_mount_key(m["namespace"], m["path"]): m for m in snapshot.get("mounts", [])}}


def _unindex_mounts(tree):
    return {"mounts": list(tree.get("mounts", {}).values())}


def _json_reply(reply):
    if reply.body is None:
        return Response(status=reply.status, content_type="application/json")
    return Response(json.dumps(reply.body), status=reply.status, content_type="application/json")


class VaultFront:
    name = "vault"

    def __init__(self, openbao, seed, state_path=None, clock=time.time):
        self.openbao = openbao
        self.seed = seed
        self.settings = VaultSettings()
        # Reads of the emulated mounts share the lock; a write holds it alone.
        self.lock = ReadWriteLock()
        self.acl_cache = CapabilityCache(openbao)
        self.mounts = {}
        self.minted = []
        # What Vault keeps in a login token's InternalData for pathLoginRenew (the password), by
        # accessor; and the accessor by a hash of the token. Memory only, like OpenBao dev mode.
        self.renewable = {}
        self.accessor_by_token_hash = {}
        self.backend = OktaBackend(seed.get("okta", {}), self.mint_token, clock)
        self.state = StateFile(state_path, _index_mounts, _unindex_mounts) if state_path else None
        saved = self.state.load() if self.state else None
        if saved:
            self.mounts = {(m["namespace"], m["path"]): OktaMount(**m) for m in saved.get("mounts", [])}

    # -- what the test hooks call ------------------------------------------------------------------

    @staticmethod
    def error_response(status, message, headers):
        return Response(json.dumps({"errors": [message]}), status=status, headers=headers, content_type="application/json")

    @staticmethod
    def rate_limit_headers(now, retry_after):
        return {"Retry-After": str(int(retry_after + 0.999))}

    @staticmethod
    def is_write(method, path):
        # Logging in changes nothing the user manages; check-mode tests may log in.
        return method not in ("GET", "HEAD", "LIST", "OPTIONS") and not re.search(r"/login(/|$)", path)

    def reset(self):
        with self.lock:
            self.mounts.clear()
            self.minted.clear()
            self.renewable.clear()
            self.accessor_by_token_hash.clear()
            self.settings.okta_latency = 0.0
            self.openbao.restart()
            self.acl_cache.clear()
            self.save()

    def service_hooks(self):
        return {("push", "GET"): self.hook_pushes_waiting, ("push", "POST"): self.hook_answer_push}

    def hook_pushes_waiting(self, request):
        """``GET /_sandbox/push``: the Okta Verify pushes waiting for an answer, with their numbers."""
        return Response(json.dumps({"pending": self.backend.pushes_waiting()}), content_type="application/json")

    def hook_answer_push(self, request):
        """``POST /_sandbox/push`` ``{"username", "answer": "approve"|"deny", "number"}``: answer a
        waiting push on the user's phone (seed the user with ``push: wait``)."""
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict) or body.get("answer") not in ("approve", "deny") or not body.get("username"):
            raise ValueError('the body must be {"username": ..., "answer": "approve" or "deny", "number": ...}')
        number = body.get("number")
        if number is not None:
            number = int(number)
        if not self.backend.answer_push(str(body["username"]), body["answer"] == "approve", number):
            return Response(json.dumps({"message": "no push waits for %s" % body["username"]}), status=404, content_type="application/json")
        return Response(status=204)

    def revoke_tokens(self):
        with self.lock:
            minted, self.minted = self.minted, []
            self.renewable.clear()
            self.accessor_by_token_hash.clear()
        for namespace, accessor in minted:
            self.openbao.call("POST", "auth/token/revoke-accessor", self.openbao.root_token, namespace, {"accessor": accessor})
        # After the revocations: answers fetched while they ran must not outlive them.
        self.acl_cache.clear()
        return len(minted)

    def snapshot(self):
        return {"mounts": [mount.to_dict() for mount in self.mounts.values()]}

    def save(self):
        """Everything, as a new snapshot (reset)."""
        if self.state:
            self.state.save(self.snapshot())

    def save_mount(self, mount, removed=False):
        """One whole mount (enabled or disabled), appended to the journal."""
        if self.state:
            key = ("mounts", _mount_key(mount.namespace, mount.path))
            self.state.record([("delete", key)] if removed else [("set", key, mount.to_dict())], self.snapshot)

    def save_mount_settings(self, mount):
        """A mount's own fields (config, tune, description), without its users and groups."""
        if self.state:
            key = ("mounts", _mount_key(mount.namespace, mount.path))
            fields_now = mount.to_dict()
            operations = [("set", key + (name,), value) for name, value in fields_now.items() if name not in ("users", "groups")]
            self.state.record(operations, self.snapshot)

    def record_names(self, mount, section, name):
        """The stored names a write of ``section``/``name`` may touch: the name as given, and for
        groups the name lower-cased and the stored name it matches ignoring case (§3.2)."""
        if section == "users":
            return {name}
        if section == "groups":
            return {name, parsing.go_lower(name), self.backend.find_group(mount, name)} - {None}
        return set()

    def save_records(self, mount, section, names):
        if not self.state:
            return
        if section not in ("users", "groups"):
            self.save_mount_settings(mount)
            return
        key = ("mounts", _mount_key(mount.namespace, mount.path), section)
        records = getattr(mount, section)
        operations = [("set", key + (n,), records[n]) if n in records else ("delete", key + (n,)) for n in sorted(names)]
        self.state.record(operations, self.snapshot)

    def close(self):
        with self.lock:
            if self.state:
                self.state.close(self.snapshot())

    # -- WSGI ------------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        path = request.path
        api_path = path[len("/v1/"):] if path.startswith("/v1/") else None
        namespace = _namespace(request)
        response = None
        if api_path is not None:
            # The bao and vault CLIs tune auth methods through sys/mounts/auth/<path>/tune.
            tune = re.fullmatch(r"(?:sys/auth|sys/mounts/auth)/(.+?)/tune/?", api_path)
            mount_path = re.fullmatch(r"sys/auth/(.+?)/?", api_path)
            if re.fullmatch(r"sys/auth/?", api_path) and request.method == "GET":
                environ["pamops.route"] = "/v1/sys/auth"
                response = self.list_auth_mounts(request, namespace)
            elif tune and (namespace, tune.group(1).strip("/")) in self.mounts:
                environ["pamops.route"] = "/v1/sys/auth/<path>/tune"
                response = self.tune(request, namespace, tune.group(1).strip("/"), api_path.rstrip("/"))
            elif mount_path and not tune:
                response = self.sys_auth_path(request, environ, namespace, mount_path.group(1).strip("/"))
            elif api_path.rstrip("/") in RENEW_PATHS and request.method in ("POST", "PUT"):
                response = self.renew(request, environ, namespace, api_path.rstrip("/"))
            elif api_path.startswith("auth/"):
                mount = self.mount_for(namespace, api_path[len("auth/"):])
                if mount is not None:
                    response = self.serve_mount(request, environ, mount, api_path[len("auth/") + len(mount.path):].lstrip("/"))
        if response is None:
            response = self.proxy(request)
        return response(environ, start_response)

    def mount_for(self, namespace, rest):
        # A copy first: another thread may enable or disable a mount meanwhile.
        candidates = [m for (ns, p), m in list(self.mounts.items()) if ns == namespace and (rest == p or rest.startswith(p + "/"))]
        return max(candidates, key=lambda m: len(m.path)) if candidates else None

    def proxy(self, request):
        if request.method not in READ_METHODS:
            # Any write OpenBao serves may change what a token may do (policies, tokens, identity,
            # namespaces, leases, auth mounts): answers kept from before it no longer hold.
            self.acl_cache.clear()
            try:
                return self._forward(request)
            finally:
                self.acl_cache.clear()
        return self._forward(request)

    def _forward(self, request):
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        # The path exactly as the client sent it (still percent-encoded), with its query.
        target = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
        answer = self.openbao.pool.urlopen(
            request.method,
            target,
            body=request.get_data() or None,
            headers=headers,
            redirect=False,
            retries=False,
            timeout=120,
        )
        passed = [(k, v) for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP]
        return Response(answer.data, status=answer.status, headers=passed)

    def allowed(self, request, namespace, acl_path, *alternatives):
        """Ask OpenBao what the caller's token may do on ``acl_path`` (real ACLs, real tokens);
        allowed when it holds every capability of one of the ``alternatives``."""
        capabilities = self.acl_cache.capabilities(_token(request), namespace, acl_path)
        if capabilities is None or "deny" in capabilities:
            return False
        return "root" in capabilities or any(needed <= capabilities for needed in alternatives)

    @staticmethod
    def denied():
        return _json_reply(Reply.error(403, PERMISSION_DENIED))

    # -- sys/auth (§5.5) ---------------------------------------------------------------------------

    def mount_entry(self, mount):
        return {
            "accessor": mount.accessor,
            "config": {
                "default_lease_ttl": mount.tune["default_lease_ttl"],
                "max_lease_ttl": mount.tune["max_lease_ttl"],
                "force_no_cache": False,
                "token_type": mount.tune["token_type"],
                **({"listing_visibility": mount.tune["listing_visibility"]} if mount.tune["listing_visibility"] else {}),
            },
            "deprecation_status": "supported",
            "description": mount.description,
            "external_entropy_access": False,
            "local": False,
            "options": None,
            "plugin_version": "",
            "running_plugin_version": "v1.21.0+builtin",
            "running_sha256": "",
            "seal_wrap": False,
            "type": "okta",
            "uuid": mount.uuid,
        }

    def list_auth_mounts(self, request, namespace):
        answer = self.proxy(request)
        if answer.status_code != 200:
            return answer
        body = json.loads(answer.get_data())
        for (ns, path), mount in sorted(self.mounts.items()):
            if ns == namespace:
                entry = self.mount_entry(mount)
                body.setdefault("data", {})[path + "/"] = entry
                # sys/auth repeats the mounts at the top level of the answer (§5.5).
                body[path + "/"] = entry
        return Response(json.dumps(body), status=200, content_type="application/json")

    def sys_auth_path(self, request, environ, namespace, path):
        environ["pamops.route"] = "/v1/sys/auth/<path>"
        key = (namespace, path)
        if request.method in ("POST", "PUT"):
            body = request.get_json(force=True, silent=True) or {}
            if body.get("type") != "okta":
                if key in self.mounts:
                    return _json_reply(Reply.error(400, "path is already in use at %s/" % path))
                return None
            return self.enable(request, namespace, path, body)
        if key not in self.mounts:
            return None
        if request.method == "GET":
            if not self.allowed(request, namespace, "sys/auth/%s" % path, {"read", "sudo"}):
                return self.denied()
            return _json_reply(Reply.data(self.mount_entry(self.mounts[key])))
        if request.method == "DELETE":
            if not self.allowed(request, namespace, "sys/auth/%s" % path, {"delete", "sudo"}):
                return self.denied()
            with self.lock:
                mount = self.mounts.pop(key)
                self.save_mount(mount, removed=True)
            return Response(status=204)
        return None

    def enable(self, request, namespace, path, body):
        if not self.allowed(request, namespace, "sys/auth/%s" % path, {"update", "sudo"}, {"create", "sudo"}):
            return self.denied()
        taken = [p.rstrip("/") for p in self.openbao.auth_mounts(namespace)] + [p for (ns, p) in self.mounts if ns == namespace]
        for existing in taken:
            if path == existing or path.startswith(existing + "/") or existing.startswith(path + "/"):
                return _json_reply(Reply.error(400, "path is already in use at %s/" % existing))
        try:
            tune = self._tune_values(body.get("config") or {}, DEFAULT_TUNE)
        except ValueError as exc:
            return _json_reply(Reply.error(400, str(exc)))
        mount = OktaMount(
            namespace=namespace,
            path=path,
            accessor="auth_okta_%s" % secrets.token_hex(4),
            uuid=str(uuid.uuid4()),
            description=str(body.get("description") or ""),
            tune=tune,
        )
        with self.lock:
            self.mounts[(namespace, path)] = mount
            self.save_mount(mount)
        return Response(status=204)

    @staticmethod
    def _tune_values(values, current):
        tune = dict(current)
        for name in ("default_lease_ttl", "max_lease_ttl"):
            if name in values:
                raw = values[name]
                tune[name] = 0 if raw in ("system", "") else parsing.duration_seconds(name, raw)
        if "listing_visibility" in values:
            if values["listing_visibility"] not in LISTING_VISIBILITY:
                raise ValueError("invalid listing_visibility %s" % values["listing_visibility"])
            tune["listing_visibility"] = values["listing_visibility"]
        if "token_type" in values:
            if values["token_type"] not in TUNE_TOKEN_TYPES:
                raise ValueError("invalid value for 'token_type'")
            tune["token_type"] = values["token_type"]
        if tune["max_lease_ttl"] and tune["default_lease_ttl"] > tune["max_lease_ttl"]:
            raise ValueError("backend max lease TTL cannot be less than backend default lease TTL")
        return tune

    def tune(self, request, namespace, path, acl_path):
        mount = self.mounts[(namespace, path)]
        if request.method == "GET":
            if not self.allowed(request, namespace, acl_path, {"read", "sudo"}):
                return self.denied()
            data = {
                "description": mount.description,
                "default_lease_ttl": mount.tune["default_lease_ttl"] or SYSTEM_DEFAULT_TTL,
                "max_lease_ttl": mount.tune["max_lease_ttl"] or SYSTEM_DEFAULT_TTL,
                "force_no_cache": False,
                "token_type": mount.tune["token_type"],
            }
            if mount.tune["listing_visibility"]:
                data["listing_visibility"] = mount.tune["listing_visibility"]
            return _json_reply(Reply.data(data))
        if request.method not in ("POST", "PUT"):
            return _json_reply(Reply.error(405, UNSUPPORTED_OPERATION))
        if not self.allowed(request, namespace, acl_path, {"update", "sudo"}):
            return self.denied()
        body = request.get_json(force=True, silent=True) or {}
        try:
            tune = self._tune_values(body, mount.tune)
        except ValueError as exc:
            return _json_reply(Reply.error(400, str(exc)))
        with self.lock:
            mount.tune = tune
            if "description" in body:
                mount.description = str(body["description"] or "")
            self.save_mount_settings(mount)
        return Response(status=204)

    # -- requests under an emulated mount --------------------------------------------------------

    def serve_mount(self, request, environ, mount, rest):
        operation = self.operation(request)
        if isinstance(operation, Response):
            return operation
        section, _slash, name = rest.partition("/")
        environ["pamops.route"] = "/v1/auth/<mount>/%s%s" % (section, "/<name>" if name else "")
        body = {}
        if operation == "update":
            body = self.request_body(request)
            if isinstance(body, Response):
                return body
        if section in ("login", "verify") and name:
            return _json_reply(self.unauthenticated(request, mount, section, name, operation, body))
        # ACLs are checked before routing (§5.4): a token without rights gets 403 anywhere.
        acl_path = "auth/%s/%s%s" % (mount.path, rest, "/" if operation == "list" and not rest.endswith("/") else "")
        needed = operation
        if section == "config" and not name and operation == "update":
            needed = "update" if mount.config is not None else "create"
        if not self.allowed(request, mount.namespace, acl_path, {needed}):
            return self.denied()
        writing = operation in ("update", "delete")
        with self.lock if writing else self.lock.shared():
            touched = self.record_names(mount, section, name) if writing else set()
            reply = self.route(mount, section, name, operation, body)
            if writing and reply.status < 400:
                self.save_records(mount, section, touched | self.record_names(mount, section, name))
        if operation in ("read", "list"):
            reply = with_parameter_warnings(reply, operation, self.query_data(request), self.known_fields(section, name), ("name",) if name else ())
        return _json_reply(reply)

    @staticmethod
    def query_data(request):
        """``parseQuery``: a read or a list takes its data from the query (§5.1), except ``help``,
        and ``list`` when a GET turned into a LIST."""
        data = {key: values[0] if len(values) == 1 else values for key, values in request.args.lists() if key != "help"}
        if request.method == "GET" and "list" in data:
            try:
                if parsing.boolean("list", request.args.get("list")):
                    del data["list"]
            except ValueError:
                pass
        return data

    @staticmethod
    def known_fields(section, name):
        if section == "config" and not name:
            return CONFIG_FIELDS
        if section == "users" and name:
            return USER_FIELDS
        if section == "groups" and name:
            return GROUP_FIELDS
        return ()

    @staticmethod
    def operation(request):
        """§5.1: GET is read (list with ?list=true), LIST is list, POST/PUT update, DELETE delete."""
        method = request.method
        if method == "GET":
            flag = request.args.get("list")
            if flag is None:
                return "read"
            try:
                return "list" if parsing.boolean("list", flag) else "read"
            except ValueError:
                return _json_reply(Reply.error(400, "list parameter must be a boolean"))
        return {"LIST": "list", "POST": "update", "PUT": "update", "DELETE": "delete"}.get(method) or _json_reply(
            Reply.error(405, UNSUPPORTED_OPERATION)
        )

    @staticmethod
    def request_body(request):
        data = request.get_data()
        if not data.strip():
            return {}
        if request.mimetype == "application/x-www-form-urlencoded":
            return request.form.to_dict()
        try:
            body = json.loads(data)
        except ValueError:
            return _json_reply(Reply.error(400, "error parsing JSON"))
        return body if isinstance(body, dict) else _json_reply(Reply.error(400, "error parsing JSON"))

    def unauthenticated(self, request, mount, section, name, operation, body):
        if section == "verify":
            return self.backend.verify(name) if operation == "read" else Reply.error(405, UNSUPPORTED_OPERATION)
        if operation != "update":
            return Reply.error(405, UNSUPPORTED_OPERATION)
        if self.settings.okta_latency:
            time.sleep(self.settings.okta_latency)
        # The lock is not held while Okta "answers": push MFA may wait for the user.
        return self.backend.login(mount, name, body, request.remote_addr)

    def route(self, mount, section, name, operation, body):
        backend = self.backend
        if section == "config" and not name:
            handlers = {"read": lambda: backend.read_config(mount), "update": lambda: backend.write_config(mount, body)}
            if operation == "list":
                return Reply.error(404, UNSUPPORTED_PATH)
        elif section in ("users", "groups") and not name:
            handlers = {"list": (lambda: backend.list_users(mount)) if section == "users" else (lambda: backend.list_groups(mount))}
        elif section == "users":
            handlers = {
                "read": lambda: backend.read_user(mount, name),
                "update": lambda: backend.write_user(mount, name, body),
                "delete": lambda: backend.delete_user(mount, name),
            }
        elif section == "groups":
            handlers = {
                "read": lambda: backend.read_group(mount, name),
                "update": lambda: backend.write_group(mount, name, body),
                "delete": lambda: backend.delete_group(mount, name),
            }
        else:
            return Reply.error(404, UNSUPPORTED_PATH)
        handler = handlers.get(operation)
        return handler() if handler else Reply.error(405, UNSUPPORTED_OPERATION)

    # -- login mints a real token ----------------------------------------------------------------

    def mint_token(self, mount, config, policies, metadata, username, password=""):
        """An orphan OpenBao token with exactly the computed policies and the mount's TTLs. A Vault
        login would also give it an entity alias and group aliases: OpenBao has no Okta mount to
        hold them (see the sandbox README). ``password`` is kept for renewal, as Vault keeps it in
        the token's InternalData."""
        body = {
            # OpenBao gives a token created with no policies its parent's (here: root), so an empty
            # set is sent as [""], which it drops; and it strips "default" when no_default_policy is
            # set, so that flag follows the computed set.
            "policies": policies or [""],
            "no_default_policy": "default" not in policies,
            "meta": metadata,
            "display_name": "okta-%s" % username,
            "renewable": True,
            "type": "batch" if config["token_type"] == "batch" else "service",
        }
        ttl = config["token_ttl"] or mount.tune["default_lease_ttl"]
        max_ttl = config["token_max_ttl"] or mount.tune["max_lease_ttl"]
        explicit = [t for t in (config["token_explicit_max_ttl"], max_ttl) if t]
        if explicit and body["type"] == "batch":
            # Batch tokens take no explicit max TTL (OpenBao answers 400): the limit caps their TTL.
            ttl = min([ttl] + explicit) if ttl else min(explicit)
        elif explicit:
            body["explicit_max_ttl"] = "%ds" % min(explicit)
        if ttl:
            body["ttl"] = "%ds" % ttl
        if config["token_period"]:
            body["period"] = "%ds" % config["token_period"]
        if config["token_num_uses"]:
            body["num_uses"] = config["token_num_uses"]
        answer = self.openbao.call("POST", "auth/token/create-orphan", self.openbao.root_token, mount.namespace, body)
        answer.raise_for_status()
        auth = answer.json()["auth"]
        with self.lock:
            self.minted.append((mount.namespace, auth["accessor"]))
            if body["type"] == "service":
                self.renewable[auth["accessor"]] = {
                    "mount": (mount.namespace, mount.path),
                    "username": username,
                    "password": password,
                    "policies": list(policies),
                }
                self.accessor_by_token_hash[_token_hash(auth["client_token"])] = auth["accessor"]
        auth.update(metadata=metadata, policies=policies, token_policies=policies, mfa_requirement=None)
        return auth

    # -- renewing a login token re-checks Okta (pathLoginRenew) -----------------------------------

    def renew(self, request, environ, namespace, api_path):
        """``auth/token/renew-self``, ``renew`` and ``renew-accessor`` for a token an Okta login
        minted: after OpenBao's ACL check, Okta is asked again and the policies compared, as
        Vault's ``pathLoginRenew`` does; the renewal itself is then OpenBao's. Other tokens pass
        through untouched."""
        source = RENEW_PATHS[api_path]
        body = self.request_body(request) if source != "header" else {}
        if isinstance(body, Response):
            return None
        if source == "accessor":
            accessor = str(body.get("accessor") or "")
        else:
            token = _token(request) if source == "header" else str(body.get("token") or "")
            accessor = self.accessor_by_token_hash.get(_token_hash(token)) if token else None
        record = self.renewable.get(accessor) if accessor else None
        if record is None or record["mount"][0] != namespace or record["mount"] not in self.mounts:
            return None
        environ["pamops.route"] = "/v1/%s" % api_path
        if not self.allowed(request, namespace, api_path, {"update"}):
            return self.denied()
        # A token OpenBao no longer knows gets OpenBao's own answer, before Okta is asked anything.
        if self.openbao.call("POST", "auth/token/lookup-accessor", self.openbao.root_token, namespace, {"accessor": accessor}).status_code != 200:
            return None
        mount = self.mounts[record["mount"]]
        # Not under the lock: a push factor makes Okta wait for the person.
        outcome = self.backend.renew_check(
            mount, record["username"], record["password"], record["policies"], str(body.get("nonce") or ""), request.remote_addr
        )
        if isinstance(outcome, Reply):
            return _json_reply(outcome)
        answer = self.proxy(request)
        if outcome and answer.status_code == 200:
            renewed = json.loads(answer.get_data())
            renewed["warnings"] = (renewed.get("warnings") or []) + outcome
            answer.set_data(json.dumps(renewed))
        return answer
