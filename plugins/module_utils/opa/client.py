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

import threading

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.reconcile import send_then_settle
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import is_live_group, user_status

try:
    from urllib.parse import quote
except ImportError:  # pragma: no cover
    from urllib import quote  # type: ignore


# How a service may refuse users/{name}/groups for a service user: not a path it serves for
# them (404, 405), a bad request (400) or a forbidden one (403).
USER_GROUPS_REFUSALS = (400, 403, 404, 405)


def _segment(value):
    # §1: every path segment is path-escaped, as the official clients do.
    return quote(str(value), safe="")


class OpaClient:
    """One team on one OPA/ASA host, authenticated by a bearer token or a service user's key.

    The token is minted once per client (one per module run) and re-minted once when the API
    answers 401, which the API documents as "get a new token" (§2). Bulk modules call one client
    from a thread pool: the token is shared, and of several workers refused at once only the
    first mints a new one; the others use it.

    Writes that are not safe to repeat (creates, membership adds) are settled by reading back
    when their answer is lost or is a 5xx, and creates refused with 409 are accepted when a
    concurrent run made the same object (http_layer.reconcile). ``changes`` counts the writes
    that were applied, so that a run that fails half-way can still say it changed something.
    """

    def __init__(self, http, team, key_id=None, key_secret=None, bearer_token=None):
        self.http = http
        self.team = team
        self.key_id = key_id
        self.key_secret = key_secret
        self.bearer_token = bearer_token
        self.token_expires_at = None
        self.tokens_minted = 0
        self.changes = 0
        # Set once users/{name}/groups refused a service user; then memberships are read per group.
        self._user_groups_refused = False
        self._members_by_group = None
        self._lock = threading.RLock()

    def count_change(self):
        with self._lock:
            self.changes += 1

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

    def current_user(self):
        """``{"team_name", "name", "id"}`` of the user this client authenticates as (§3.3)."""
        return self.get("current_user")

    def switch_to_key(self, key_id, key_secret):
        """Authenticate from now on with another key, once it has proven itself by minting a
        token. Until then the client keeps its own key: a key that cannot mint is never adopted."""
        candidate = OpaClient(self.http, self.team, key_id, key_secret)
        candidate.mint_token()
        self.key_id, self.key_secret = key_id, key_secret
        self.bearer_token, self.token_expires_at = candidate.bearer_token, candidate.token_expires_at
        self.tokens_minted += 1

    def _with_token(self, send):
        """``send(headers)`` with the bearer token; on a 401, mint a new token once and send again (§2)."""
        with self._lock:
            if not self.bearer_token:
                self.mint_token()
            # The token this request carries: another worker may renew the shared one meanwhile.
            token = self.bearer_token
        try:
            return send(self._auth(token))
        except ApiError as exc:
            if exc.status != 401:
                raise
            if not (self.key_id and self.key_secret):
                exc.hint = "the bearer token was refused; set key_id and key_secret so it can be renewed"
                raise
        with self._lock:
            # Another worker may have renewed the token since this one sent its request.
            if self.bearer_token == token:
                self.mint_token()
            token = self.bearer_token
        try:
            return send(self._auth(token))
        except ApiError as exc:
            if exc.status == 401:
                # A token minted a moment ago was refused too, so it is not an expired token: OPA
                # also answers 401 authorization_error when the user lacks the role (§5).
                exc.hint = (
                    "a freshly minted token was refused as well, so the token is not the problem: the service user "
                    "of key_id %s may lack the role that %s %s needs; put it in a group with that role "
                    "(pamops.okta.opa_group, opa_service_user groups)" % (self.key_id, exc.method, exc.path)
                )
            raise

    def call(self, method, *segments, **kwargs):
        """An authenticated request under the team; returns the requests.Response."""
        path = self.team_path(*segments)
        response = self._with_token(lambda headers: self.http.request(method, path, headers=headers, **kwargs))
        if method != "GET" and response.status_code != 404:
            self.count_change()
        return response

    def _settled_write(self, send, read_back, conflict_status=None):
        """A write that must not be repeated blindly (http_layer.reconcile); returns its answer,
        or what ``read_back`` found when the change turned out to be in place already."""
        answer, settled = send_then_settle(
            send,
            read_back,
            attempts=self.http.retries + 1,
            is_conflict=(lambda error: error.status == conflict_status) if conflict_status else None,
        )
        if settled:
            self.count_change()
        return answer

    @staticmethod
    def _auth(token):
        return {"Authorization": "Bearer %s" % token}

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
        """Create a user; one that a lost answer or a concurrent run already created counts as created."""

        def existing():
            user = self.get_service_user(name)
            return user if user and user_status(user) != "deleted" else None

        return self._settled_write(
            lambda: self.http.read_json(self.call("POST", "service_users", json={"name": name}, expected=(201,)), "POST"),
            existing,
            conflict_status=409,
        )

    def set_service_user_status(self, name, status):
        # §3.4: the body carries the current name and the target status.
        return self.http.read_json(self.call("PUT", "service_users", name, json={"name": name, "status": status}, expected=(200,)), "PUT")

    def groups_of_user(self, name):
        """The user's live groups. ``users/{name}/groups`` is documented for ASA users and never
        used by Terraform for service users, which pages ``groups/{g}/users`` instead (§8,
        terraform-provider-oktapam oktapam/client/user.go GroupContainsUser). If the service
        refuses the direct call, do as Terraform does, for the rest of this client's life."""
        if not self._user_groups_refused:
            try:
                return self.list("users", name, "groups")
            except ApiError as exc:
                if exc.status not in USER_GROUPS_REFUSALS:
                    raise
                self._user_groups_refused = True
        with self._lock:
            if self._members_by_group is None:
                self._members_by_group = [(group, self._member_names(group["name"])) for group in self.list_groups() if is_live_group(group)]
        return [group for group, members in self._members_by_group if name in members]

    def _member_names(self, group_name):
        try:
            return set(member["name"] for member in self.list_group_members(group_name))
        except ApiError as exc:
            # Deleted since the group listing: it has no members.
            if exc.status == 404:
                return set()
            raise

    # -- keys (§4) ----------------------------------------------------------------------------------

    def list_keys(self, user_name):
        return self.list("service_users", user_name, "keys")

    def create_key(self, user_name, known_key_ids):
        """Rotate: a new key with its secret (shown this once); older keys get an expiry (§4.2).

        Never repeated blindly: when the answer is lost (or is a 5xx), the user's keys are read
        back, any key that was not among ``known_key_ids`` is deleted - its secret was never
        seen, so nobody can use it - and only then is a key created again.
        """
        known = set(known_key_ids)
        orphans_deleted = []

        def remove_orphans():
            for key in self.list_keys(user_name):
                if key["id"] not in known:
                    self.delete_key(user_name, key["id"])
                    orphans_deleted.append(key["id"])
            return None

        try:
            return self._settled_write(
                lambda: self.http.read_json(self.call("POST", "service_users", user_name, "keys", expected=(200, 201)), "POST"),
                remove_orphans,
            )
        except ApiError as exc:
            if orphans_deleted:
                exc.hint = "no key was created: the %d key(s) made by requests whose answer was lost were deleted again" % len(orphans_deleted)
            raise

    def delete_key(self, user_name, key_id):
        # 404: already gone (a retry after a lost answer, or a concurrent run): what was wanted.
        self.call("DELETE", "service_users", user_name, "keys", key_id, expected=(204, 404))

    # -- groups (§8) ----------------------------------------------------------------------------------

    def get_group(self, name):
        return self.get("groups", name)

    def list_groups(self, contains=None):
        return self.list("groups", contains=contains)

    def create_group(self, name, roles):
        """Create a group; one that a lost answer or a concurrent run already created counts as
        created (the caller then compares its roles). A deleted group's reserved name still fails."""

        def existing():
            group = self.get_group(name)
            return group if is_live_group(group) else None

        return self._settled_write(
            lambda: self.http.read_json(self.call("POST", "groups", json={"name": name, "roles": list(roles)}, expected=(201,)), "POST"),
            existing,
            conflict_status=409,
        )

    def set_group_roles(self, name, roles):
        self.call("PUT", "groups", name, json={"roles": list(roles)}, expected=(200, 204))

    def delete_group(self, name):
        self.call("DELETE", "groups", name, expected=(204, 404))

    def list_group_members(self, group_name):
        return self.list("groups", group_name, "users")

    def add_group_member(self, group_name, user_name):
        """Add a member; after a lost answer (or a 409 from a concurrent run) the membership is read back."""
        self._members_by_group = None

        def is_member():
            return any(member.get("name") == user_name for member in self.list_group_members(group_name))

        self._settled_write(
            lambda: self.call("POST", "groups", group_name, "users", json={"name": user_name}, expected=(200, 204)),
            is_member,
            conflict_status=409,
        )

    def remove_group_member(self, group_name, user_name):
        self._members_by_group = None
        # 404: not a member any more (a retry after a lost answer, or a concurrent run).
        self.call("DELETE", "groups", group_name, "users", user_name, expected=(204, 404))
