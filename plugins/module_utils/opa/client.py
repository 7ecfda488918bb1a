# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A thin client for the Okta Privileged Access / Advanced Server Access API.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Knows the paths, status codes and token rules of the API (shared/reference/opa-api.md) and
nothing of Ansible. Absent objects read as None; everything else that fails raises ApiError.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # type: ignore


def _segment(value):
    # §1: every path segment is path-escaped, as the official clients do.
    return quote(str(value), safe="")


class OpaClient:
    """One team on one OPA/ASA host, authenticated by a bearer token or a service user's key.

    The token is minted once per client (one per module run) and re-minted once when the API
    answers 401, which the API documents as "get a new token" (§2).
    """

    def __init__(self, http, team, key_id=None, key_secret=None, bearer_token=None):
        self.http = http
        self.team = team
        self.key_id = key_id
        self.key_secret = key_secret
        self.bearer_token = bearer_token
        self.token_expires_at = None
        self.tokens_minted = 0

    # -- authentication (§2) ------------------------------------------------------------------

    def team_path(self, *segments):
        return "v1/teams/%s/%s" % (_segment(self.team), "/".join(_segment(s) for s in segments))

    def mint_token(self):
        """Exchange the key for a bearer token; returns the API's answer (token, expiry, team)."""
        if not (self.key_id and self.key_secret):
            raise ApiError(
                "no bearer token and no key to mint one",
                hint="set key_id and key_secret (or OKTAPAM_KEY and OKTAPAM_SECRET), or bearer_token",
            )
        # Minting changes nothing that a repeat could double, so it may be retried like a GET.
        answer = self.http.request_json(
            "POST",
            self.team_path("service_token"),
            json={"key_id": self.key_id, "key_secret": self.key_secret},
            retry_unsafe=True,
        )
        if str(answer.get("team_name", "")).lower() != str(self.team).lower():
            # The official SDK refuses a token for another team; so do we.
            raise ApiError(
                "the API issued a token for team %r, not %r" % (answer.get("team_name"), self.team),
                hint="check the team option",
            )
        self.bearer_token = answer["bearer_token"]
        self.token_expires_at = answer.get("expires_at")
        self.tokens_minted += 1
        return answer

    def _with_token(self, send):
        """``send(headers)`` with the bearer token; on a 401, mint a new token once and send again (§2)."""
        if not self.bearer_token:
            self.mint_token()
        try:
            return send(self._auth())
        except ApiError as exc:
            if exc.status != 401:
                raise
            if not (self.key_id and self.key_secret):
                exc.hint = "the bearer token was refused; set key_id and key_secret so it can be renewed"
                raise
        self.mint_token()
        return send(self._auth())

    def call(self, method, *segments, **kwargs):
        """An authenticated request under the team; returns the requests.Response."""
        path = self.team_path(*segments)
        return self._with_token(lambda headers: self.http.request(method, path, headers=headers, **kwargs))

    def _auth(self):
        return {"Authorization": "Bearer %s" % self.bearer_token}

    def get(self, *segments):
        """The object at a path, or None when the API answers 404."""
        response = self.call("GET", *segments, expected=(200, 404))
        if response.status_code == 404:
            return None
        return self.http.read_json(response, "GET")

    def list(self, *segments, **params):
        """Every item of a paginated listing (§6); a 401 mid-listing starts it again with a new token."""
        path = self.team_path(*segments)
        query = dict((k, v) for k, v in params.items() if v not in (None, [], ""))
        return self._with_token(lambda headers: list(self.http.paginate(path, params=query, headers=headers)))

    # -- service users (§3) ---------------------------------------------------------------------

    def get_service_user(self, name):
        return self.get("service_users", name)

    def list_service_users(self, contains=None, starts_with=None, statuses=None):
        return self.list("service_users", contains=contains, starts_with=starts_with, status=statuses)

    def create_service_user(self, name):
        return self.http.read_json(self.call("POST", "service_users", json={"name": name}, expected=(201,)), "POST")

    def set_service_user_status(self, name, status):
        # §3.4: the body carries the current name and the target status.
        return self.http.read_json(self.call("PUT", "service_users", name, json={"name": name, "status": status}, expected=(200,)), "PUT")

    def groups_of_user(self, name):
        return self.list("users", name, "groups")

    # -- keys (§4) ----------------------------------------------------------------------------------

    def list_keys(self, user_name):
        return self.list("service_users", user_name, "keys")

    def create_key(self, user_name):
        """Rotate: a new key with its secret (shown this once); older keys get an expiry (§4.2)."""
        response = self.call("POST", "service_users", user_name, "keys", expected=(200, 201))
        return self.http.read_json(response, "POST")

    def delete_key(self, user_name, key_id):
        self.call("DELETE", "service_users", user_name, "keys", key_id, expected=(204,))

    # -- groups (§8) ----------------------------------------------------------------------------------

    def get_group(self, name):
        return self.get("groups", name)

    def list_groups(self, contains=None):
        return self.list("groups", contains=contains)

    def create_group(self, name, roles):
        return self.http.read_json(self.call("POST", "groups", json={"name": name, "roles": list(roles)}, expected=(201,)), "POST")

    def set_group_roles(self, name, roles):
        self.call("PUT", "groups", name, json={"roles": list(roles)}, expected=(200, 204))

    def delete_group(self, name):
        self.call("DELETE", "groups", name, expected=(204,))

    def list_group_members(self, group_name):
        return self.list("groups", group_name, "users")

    def add_group_member(self, group_name, user_name):
        self.call("POST", "groups", group_name, "users", json={"name": user_name}, expected=(200, 204))

    def remove_group_member(self, group_name, user_name):
        self.call("DELETE", "groups", group_name, "users", user_name, expected=(204,))
