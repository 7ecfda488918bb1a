# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A thin client for the parts of the Vault HTTP API this collection uses.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Knows Vault's conventions (shared/reference/vault-okta-api.md §5): namespaces, LIST, the
difference between "nothing there" (404 with ``{"errors": []}``) and "no such mount" (404 with
a message), and which capability a refused call needed. Knows nothing of Ansible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.reconcile import send_then_settle

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # type: ignore

# The capability each kind of call needs (Vault ACLs); POST may need create instead of update.
CAPABILITY_OF = {"GET": "read", "LIST": "list", "POST": "update", "PUT": "update", "DELETE": "delete"}
WRITE_METHODS = frozenset(("POST", "PUT", "DELETE"))


def path_of(*segments):
    """A Vault path from segments, each escaped except for the slashes a name may contain."""
    return "/".join(quote(str(s).strip("/"), safe="/") for s in segments if str(s).strip("/"))


class VaultClient:
    """``changes`` counts the writes Vault accepted, so that a run that fails half-way can still
    say it changed something (logins and capability look-ups are not changes)."""

    def __init__(self, http, namespace=None, token=None):
        self.http = http
        self.namespace = (namespace or "").strip("/")
        self.token = token
        self.logins = 0
        self.changes = 0
        # Bulk modules write from a thread pool.
        self._changes_lock = threading.Lock()

    def count_change(self):
        with self._changes_lock:
            self.changes += 1

    def _headers(self, authenticated=True):
        # Vault Agent and Proxy refuse requests without X-Vault-Request (§5.2).
        headers = {"X-Vault-Request": "true"}
        if self.namespace:
            headers["X-Vault-Namespace"] = self.namespace
        if authenticated and self.token:
            headers["X-Vault-Token"] = self.token
        return headers

    def request(self, method, path, body=None, expected=(200, 204), authenticated=True, capability=None, retry_unsafe=False):
        response = self.http.request(
            method,
            "v1/" + path,
            json=body,
            headers=self._headers(authenticated),
            expected=tuple(expected) + (403, 404),
            retry_unsafe=retry_unsafe,
        )
        if response.status_code in expected:
            if method in WRITE_METHODS and authenticated:
                self.count_change()
            return response
        error = self.http.error_from_response(method, response)
        if response.status_code == 403 and not authenticated:
            # Vault answers an unauthenticated request to a path nothing serves with 403 too.
            error.hint = "Vault refused the login at %s: check that a login method is mounted there, and the credentials" % path
            raise error
        if response.status_code == 403:
            raise self._explain_denial(error, method, path, capability)
        if response.status_code == 404:
            raise self._explain_not_found(error, path)
        raise error

    def _explain_denial(self, error, method, path, capability):
        needed = capability or CAPABILITY_OF.get(method, method.lower())
        where = " in namespace %s" % self.namespace if self.namespace else ""
        held = self.capabilities(path)
        if held is None:
            error.hint = "the token was refused (missing, expired or revoked?); %s on %s%s needs the %s capability" % (method, path, where, needed)
        else:
            error.hint = "the token's policies grant %s on %s%s, and this call needs %s; add %s to a policy of the token" % (
                ", ".join(sorted(held - set(["deny"]))) or "nothing",
                path,
                where,
                needed,
                needed,
            )
        return error

    def _explain_not_found(self, error, path):
        if error.messages:
            # A 404 with a message: the route itself is missing (no such mount, or a path the
            # method does not have), not an absent object (§5.4).
            mount = "/".join(path.split("/")[:2]) if path.startswith("auth/") else path.split("/")[0]
            error.hint = "nothing is mounted at %s%s, or the path is wrong" % (mount, " in namespace %s" % self.namespace if self.namespace else "")
        return error

    def capabilities(self, path):
        """The token's capabilities on a path, or None when the token itself is refused."""
        try:
            answer = self.http.request_json("POST", "v1/sys/capabilities-self", json={"paths": [path]}, headers=self._headers(), retry_unsafe=True)
        except ApiError:
            return None
        data = (answer or {}).get("data") or {}
        return set(data.get(path) or data.get("capabilities") or [])

    # -- reads and writes with Vault's meanings -------------------------------------------------

    def read(self, path):
        """``data`` of a path, or None when it holds nothing (404 with no message)."""
        try:
            response = self.request("GET", path)
        except ApiError as exc:
            if exc.status == 404 and not exc.messages:
                return None
            raise
        return (self.http.read_json(response, "GET") or {}).get("data")

    def list(self, path):
        """Keys under a path; an empty listing (404 with no message) is ``[]`` (§2.5)."""
        try:
            response = self.request("LIST", path)
        except ApiError as exc:
            if exc.status == 404 and not exc.messages:
                return []
            raise
        return ((self.http.read_json(response, "LIST") or {}).get("data") or {}).get("keys") or []

    def read_entries(self, base, name=None):
        """``(name, data)`` of one entry under ``base``, or of every listed one; absent ones skipped."""
        names = [name] if name else self.list(base)
        entries = []
        for entry_name in names:
            data = self.read(path_of(base, entry_name))
            if data is not None:
                entries.append((entry_name, data))
        return entries

    def write(self, path, body, capability=None):
        """POST a write that replaces or merges (Okta config, users, groups; KV data and
        metadata): sending it twice leaves Vault as sending it once, so it is retried like a
        PUT after a lost answer or a 5xx. Returns Vault's ``warnings`` (a 204 has none)."""
        response = self.request("POST", path, body, capability=capability, retry_unsafe=True)
        answer = self.http.read_json(response, "POST") or {}
        return list(answer.get("warnings") or [])

    def enable_auth_method(self, mount_point, body):
        """Mount an auth method. Not repeatable (a second POST is refused with "path is already
        in use"), so a lost answer, or that refusal from a concurrent run, is settled by reading
        sys/auth back: a mount of the same type at the path is the one wanted."""
        sys_path = path_of("sys/auth", mount_point)

        def mounted():
            entry = (self.read("sys/auth") or {}).get(mount_point.strip("/") + "/")
            return entry if entry and entry.get("type") == body.get("type") else None

        def path_in_use(error):
            return error.status == 400 and any("path is already in use" in message for message in error.messages)

        answer, settled = send_then_settle(
            lambda: self.request("POST", sys_path, body, capability="sudo"),
            mounted,
            attempts=self.http.retries + 1,
            is_conflict=path_in_use,
        )
        if settled:
            self.count_change()
        return answer

    def delete(self, path):
        self.request("DELETE", path)

    # -- logins (one per module run) ---------------------------------------------------------------

    def login(self, path, body, retry_unsafe=True):
        """POST a login; keeps the token it returns and answers Vault's ``auth`` block.

        ``retry_unsafe=False`` for logins that must not be sent twice once Vault has them (one
        that may push to a phone): only connection failures are retried then."""
        response = self.request("POST", path, body, authenticated=False, retry_unsafe=retry_unsafe)
        answer = self.http.read_json(response, "POST") or {}
        auth = answer.get("auth") or {}
        if not auth.get("client_token"):
            raise ApiError("the login answered no token", method="POST", path="/v1/" + path)
        self.token = auth["client_token"]
        self.logins += 1
        auth["warnings"] = list(answer.get("warnings") or [])
        return auth
