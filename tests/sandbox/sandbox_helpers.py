# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Helpers for the sandbox's own tests: a client that talks real HTTP to a running sandbox."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import re
import socket
import time
import uuid

import requests

FLAVORS = ("opa", "asa")
ADMIN_ROLE = {"opa": "pam_admin", "asa": "access_admin"}
# A role that may not administer service users, per flavour (model.FLAVORS).
NON_ADMIN_ROLE = {"opa": "security_admin", "asa": "reporting_user"}
ZERO_TIME = "0001-01-01T00:00:00Z"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
USER_KEYS = {
    "opa": {"id", "name", "status", "user_type", "details", "deleted_at", "team_name"},
    "asa": {"id", "name", "status", "user_type", "details", "deleted_at", "oauth_client_application_id", "role_grants"},
}
SECOND_TEAM = "second-team"
SECOND_KEY_ID = "9c7e5a3b-1d2f-4b6a-8e1c-7f5e3a9c2d4b"
SECOND_SECRET = "c2Vjb25kLXRlYW0tc2FuZGJveC1ib290c3RyYXAtc2VjcmV0LWRvLW5vdC11c2UtaW4tcHJvZHVjdGlvbi0wMQ=="
ADMIN_USER = "sandbox-admin"
ADMIN_GROUP = "sandbox-admins"


def free_port():
    """A TCP port nobody listens on right now (the kernel picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parse_time(text):
    """Seconds since the epoch for an RFC 3339 UTC time as the sandbox writes it (Go's RFC3339Nano)."""
    assert RFC3339.match(text), text
    whole, _dot, fraction = text[:-1].partition(".")
    return calendar.timegm(time.strptime(whole, "%Y-%m-%dT%H:%M:%S")) + float("0." + (fraction or "0"))


def assert_error(response, status, error_type, path=None):
    """An error answer: exact status, JSON ``{"message", "type"}`` and, for validation errors, ``errors``."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == error_type, body
    assert isinstance(body["message"], str) and body["message"]
    if path is None:
        assert set(body) == {"message", "type"}, body
    else:
        assert set(body) == {"message", "type", "errors"}, body
        assert len(body["errors"]) == 1
        assert body["errors"][0]["path"] == path
        assert isinstance(body["errors"][0]["message"], str) and body["errors"][0]["message"]
    return body


class Api:
    """One running sandbox seen from outside: the /v1 API of one flavour, and the /_sandbox/ hooks."""

    def __init__(self, sandbox, flavor):
        self.sandbox = sandbox
        self.flavor = flavor
        variables = sandbox.environment()
        self.url = variables["OKTAPAM_API_HOST"]
        self.team = variables["OKTAPAM_TEAM"]
        self.key_id = variables["OKTAPAM_KEY"]
        self.secret = variables["OKTAPAM_SECRET"]
        self.verify = variables.get("OKTAPAM_CA_CERT", True)
        self.session = requests.Session()
        self._admin_token = None

    @property
    def admin_role(self):
        return ADMIN_ROLE[self.flavor]

    def close(self):
        self.session.close()

    def request(self, method, url, **kwargs):
        # Passed on each call: REQUESTS_CA_BUNDLE in the environment would override Session.verify.
        kwargs.setdefault("verify", self.verify)
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, url, **kwargs)

    # -- the API ---------------------------------------------------------------------------

    def team_url(self, path="", team=None):
        return "%s/v1/teams/%s%s" % (self.url, team or self.team, path)

    def mint(self, key_id=None, secret=None, team=None):
        """``POST service_token``; the seeded admin key unless told otherwise."""
        body = {"key_id": key_id or self.key_id, "key_secret": secret or self.secret}
        return self.request("POST", self.team_url("/service_token", team), json=body)

    def token(self, key_id=None, secret=None, team=None):
        response = self.mint(key_id, secret, team)
        assert response.status_code == 200, response.text
        return response.json()["bearer_token"]

    @property
    def admin_token(self):
        if self._admin_token is None:
            self._admin_token = self.token()
        return self._admin_token

    def call(self, method, path, token="admin", team=None, **kwargs):
        """A request to ``/v1/teams/{team}{path}``; ``token`` is "admin", None (no header) or a bearer token."""
        headers = dict(kwargs.pop("headers", None) or {})
        if token == "admin":
            token = self.admin_token
        if token is not None:
            headers["Authorization"] = "Bearer %s" % token
        url = kwargs.pop("url", None) or self.team_url(path, team)
        return self.request(method, url, headers=headers, **kwargs)

    def follow(self, url, token="admin"):
        """GET an absolute URL, such as one from a Link header."""
        return self.call("GET", "", token=token, url=url)

    def get(self, path, **kwargs):
        return self.call("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.call("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.call("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.call("DELETE", path, **kwargs)

    def create_user(self, name, token="admin"):
        response = self.post("/service_users", json={"name": name}, token=token)
        assert response.status_code == 201, response.text
        return response.json()

    def set_status(self, name, status, token="admin"):
        response = self.put("/service_users/%s" % name, json={"name": name, "status": status}, token=token)
        assert response.status_code == 200, response.text
        return response.json()

    def new_key(self, user_name):
        response = self.post("/service_users/%s/keys" % user_name)
        assert response.status_code == 200, response.text
        return response.json()

    def keys(self, user_name):
        response = self.get("/service_users/%s/keys" % user_name)
        assert response.status_code == 200, response.text
        return {key["id"]: key for key in response.json()["list"]}

    def create_group(self, name, roles):
        response = self.post("/groups", json={"name": name, "roles": roles})
        assert response.status_code == 201, response.text
        return response.json()

    def add_member(self, group, user_name):
        response = self.post("/groups/%s/users" % group, json={"name": user_name})
        assert response.status_code == 204, response.text

    def user_with_token(self, name, roles=None):
        """A new service user with a key and a token; with ``roles``, also in a new group that has them."""
        self.create_user(name)
        if roles is not None:
            self.create_group(name + "-group", roles)
            self.add_member(name + "-group", name)
        key = self.new_key(name)
        return self.token(key["id"], key["secret"])

    def names(self, response):
        assert response.status_code == 200, response.text
        return [item["name"] for item in response.json()["list"]]

    # -- the test hooks --------------------------------------------------------------------

    def hook(self, method, name, **kwargs):
        return self.request(method, "%s/_sandbox/%s" % (self.url, name), **kwargs)

    def configure(self, **settings):
        response = self.hook("PUT", "config", json=settings)
        assert response.status_code == 200, response.text
        return response.json()

    def advance(self, seconds):
        response = self.hook("POST", "clock", json={"advance": seconds})
        assert response.status_code == 200, response.text
        return response.json()["now"]

    def now(self):
        return self.hook("GET", "clock").json()["now"]

    def add_fault(self, **spec):
        response = self.hook("POST", "faults", json=spec)
        assert response.status_code == 201, response.text
        return response.json()

    def requests_log(self, since=None):
        response = self.hook("GET", "requests", params={"since": since} if since is not None else None)
        assert response.status_code == 200, response.text
        return response.json()


# -- the Vault front ---------------------------------------------------------------------------

ROOT_TOKEN = "sandbox-root-token"
ORG_NAME = "sandbox-org"
OKTA_API_TOKEN = "okta-sandbox-api-token"
BOB_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
JUDY_TOTP_SECRET = "KRSXG5CTMVRXEZLU"
PERMISSION_DENIED = "1 error occurred:\n\t* permission denied\n\n"
UNSUPPORTED_PATH = "1 error occurred:\n\t* unsupported path\n\n"
UNSUPPORTED_OPERATION = "1 error occurred:\n\t* unsupported operation\n\n"
MFA_BYPASS_WARNING = (
    "Okta MFA bypass is configured. In addition to ignoring Okta MFA requests, certain other account statuses will not be seen, "
    "such as PASSWORD_EXPIRED. Authentication will succeed in these cases."
)
# Each seeded Okta user's password is "<name>-password".
OKTA_USERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "kate")
# Vault's 200 envelope (vault-okta-api.md §5.3), as the front answers for the emulated method.
ENVELOPE_KEYS = {"request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"}


def free_port_pair():
    """A free port whose successor is free too (OpenBao's cluster listener takes port + 1)."""
    for _attempt in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe, socket.socket(socket.AF_INET, socket.SOCK_STREAM) as successor:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            try:
                successor.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise AssertionError("no two free neighbouring ports")


def assert_vault_error(response, status, *messages):
    """A Vault error answer: exact status and exactly ``{"errors": [messages...]}`` as JSON."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {"errors": list(messages)}, response.text
    return response.json()


def assert_vault_data(response, warnings=None):
    """A 200 answer in Vault's envelope; returns its ``data``."""
    assert response.status_code == 200, (response.status_code, response.text)
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    # OpenBao's own answers have no mount_type; the emulated method's do.
    assert set(body) in (ENVELOPE_KEYS, ENVELOPE_KEYS - {"mount_type"}), body
    assert body["warnings"] == warnings, body["warnings"]
    return body["data"]


def assert_no_content(response):
    """204 with an empty body (and still the JSON content type, as Vault sends it)."""
    assert response.status_code == 204, (response.status_code, response.text)
    assert response.content == b""


class Vault:
    """The Vault front of one running sandbox, through real HTTP: ``/v1/...`` and ``/_sandbox/...``."""

    def __init__(self, sandbox):
        self.sandbox = sandbox
        variables = sandbox.environment()
        self.url = variables["VAULT_ADDR"]
        self.root = variables["VAULT_TOKEN"]
        self.verify = variables.get("VAULT_CACERT", True)
        self.session = requests.Session()

    def close(self):
        self.session.close()

    def request(self, method, path, token="root", namespace=None, **kwargs):
        """``path`` is relative to ``/v1/``; ``token`` is "root", None (no header) or a token."""
        headers = dict(kwargs.pop("headers", None) or {})
        if token == "root":
            token = self.root
        if token is not None:
            headers["X-Vault-Token"] = token
        if namespace:
            headers["X-Vault-Namespace"] = namespace
        kwargs.setdefault("verify", self.verify)
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, "%s/v1/%s" % (self.url, path), headers=headers, **kwargs)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, json=body, **kwargs)

    def list(self, path, **kwargs):
        return self.request("LIST", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    # -- set-up steps, each checked ----------------------------------------------------------

    def enable_okta(self, path="okta", namespace=None, **body):
        assert_no_content(self.post("sys/auth/%s" % path, dict(body, type="okta"), namespace=namespace))

    def configure(self, path="okta", namespace=None, **config):
        config.setdefault("org_name", ORG_NAME)
        response = self.post("auth/%s/config" % path, config, namespace=namespace)
        assert response.status_code in (200, 204), response.text
        return response

    def okta(self, path="okta", namespace=None, **config):
        """A mount at ``path``, configured (org sandbox-org unless told otherwise)."""
        self.enable_okta(path, namespace)
        return self.configure(path, namespace, **config)

    def write(self, path, body=None, namespace=None):
        response = self.post(path, body or {}, namespace=namespace)
        assert response.status_code in (200, 204), (path, response.status_code, response.text)
        return response

    def read_data(self, path, namespace=None, token="root"):
        return assert_vault_data(self.get(path, namespace=namespace, token=token))

    def policy(self, name, rules, namespace=None):
        """An ACL policy in OpenBao (``rules`` is HCL)."""
        assert_no_content(self.request("PUT", "sys/policies/acl/%s" % name, json={"policy": rules}, namespace=namespace))

    def token(self, *policies, namespace=None):
        """A real OpenBao token with exactly these policies (the default policy only if named)."""
        body = {"policies": list(policies), "no_default_policy": "default" not in policies, "ttl": "1h"}
        response = self.post("auth/token/create", body, namespace=namespace)
        assert response.status_code == 200, response.text
        return response.json()["auth"]["client_token"]

    def login(self, user, password=None, path="okta", namespace=None, token=None, **body):
        """``POST auth/<path>/login/<user>``; the seeded password ("<user>-password") unless told otherwise."""
        body.setdefault("password", password if password is not None else "%s-password" % user)
        return self.post("auth/%s/login/%s" % (path, user), body, token=token, namespace=namespace)

    def login_token(self, user, path="okta", **body):
        response = self.login(user, path=path, **body)
        assert response.status_code == 200, response.text
        return response.json()["auth"]["client_token"]

    def namespace(self):
        """A new namespace in OpenBao, with a unique name."""
        name = "ns-%s" % uuid.uuid4().hex[:8]
        response = self.post("sys/namespaces/%s" % name)
        assert response.status_code == 200, response.text
        return name

    def lookup(self, token):
        """What OpenBao itself knows of a token (asked as root)."""
        response = self.post("auth/token/lookup", {"token": token})
        assert response.status_code == 200, response.text
        return response.json()["data"]

    def auth_mounts(self, namespace=None):
        response = self.get("sys/auth", namespace=namespace)
        assert response.status_code == 200, response.text
        return response.json()

    def clean(self):
        """Between tests on a shared sandbox: no faults, an empty log, and no auth mount but token/."""
        assert self.hook("DELETE", "faults").status_code == 204
        assert self.hook("PUT", "config", json={"okta_latency": 0}).status_code == 200
        for path in self.auth_mounts()["data"]:
            if path != "token/":
                assert_no_content(self.delete("sys/auth/%s" % path.rstrip("/")))
        assert self.hook("DELETE", "requests").status_code == 204

    # -- the test hooks ----------------------------------------------------------------------

    def hook(self, method, name, **kwargs):
        kwargs.setdefault("verify", self.verify)
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, "%s/_sandbox/%s" % (self.url, name), **kwargs)

    def add_fault(self, **spec):
        response = self.hook("POST", "faults", json=spec)
        assert response.status_code == 201, response.text
        return response.json()

    def requests_log(self, since=None):
        response = self.hook("GET", "requests", params={"since": since} if since is not None else None)
        assert response.status_code == 200, response.text
        return response.json()

    def reset(self):
        assert self.hook("POST", "reset").status_code == 204
