# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""service_token and bearer tokens (opa-api.md §2): shape, validation, 401s, expiry, revocation."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import json

import pytest

from sandbox_helpers import ADMIN_USER, SECOND_KEY_ID, SECOND_SECRET, SECOND_TEAM, assert_error, parse_time

UNKNOWN_KEY = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"


def jwt_payload(token):
    parts = token.split(".")
    assert len(parts) == 3
    return json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))


def test_service_token_shape(api):
    now = api.now()
    response = api.mint()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"bearer_token", "expires_at", "team_name"}
    assert body["team_name"] == "sandbox"
    # Simulator choice (§2): one hour by default.
    assert abs(parse_time(body["expires_at"]) - (now + 3600)) <= 2
    payload = jwt_payload(body["bearer_token"])
    assert payload["exp"] == parse_time(body["expires_at"])
    assert payload["team"] == "sandbox"
    assert payload["user"] == ADMIN_USER


def test_token_of_each_team_works_only_for_that_team(api):
    response = api.mint(SECOND_KEY_ID, SECOND_SECRET, team=SECOND_TEAM)
    assert response.status_code == 200
    assert response.json()["team_name"] == SECOND_TEAM
    second = response.json()["bearer_token"]
    assert api.get("/current_user", token=second, team=SECOND_TEAM).json()["name"] == "second-admin"
    assert_error(api.get("/current_user", token=second), 401, "authentication_error")
    # A team's key does not open another team.
    assert_error(api.mint(SECOND_KEY_ID, SECOND_SECRET), 401, "authentication_error")


@pytest.mark.parametrize(
    "body, path",
    [
        ({"key_id": "not-a-uuid", "key_secret": "secret"}, "key_id"),
        ({"key_secret": "secret"}, "key_id"),
        ({"key_id": 12345, "key_secret": "secret"}, "key_id"),
        ({"key_id": UNKNOWN_KEY, "key_secret": ""}, "key_secret"),
        ({"key_id": UNKNOWN_KEY, "key_secret": "x" * 513}, "key_secret"),
        ({"key_id": UNKNOWN_KEY}, "key_secret"),
        ({"key_id": UNKNOWN_KEY, "key_secret": 42}, "key_secret"),
    ],
)
def test_service_token_validation_is_400(api, body, path):
    response = api.request("POST", api.team_url("/service_token"), json=body)
    assert_error(response, 400, "invalid_request", path=path)


@pytest.mark.parametrize(
    "key_id, secret, team",
    [
        (None, "d3Jvbmctc2VjcmV0", None),  # wrong secret
        (None, "x" * 512, None),  # longest valid length, still wrong
        (UNKNOWN_KEY, None, None),  # unknown key
        (None, None, "no-such-team"),  # unknown team
    ],
)
def test_wrong_credentials_are_401(api, key_id, secret, team):
    assert_error(api.mint(key_id, secret, team), 401, "authentication_error")


def test_service_token_needs_a_json_body(api):
    response = api.request("POST", api.team_url("/service_token"), data="key_id=%s&key_secret=%s" % (api.key_id, api.secret))
    assert_error(response, 415, "unsupported_content_type")


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer garbage", "Bearer a.b.c", "Basic c2FuZGJveDpzZWNyZXQ="])
def test_calls_without_a_valid_token_are_401(api, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = api.get("/service_users", token=None, headers=headers)
    assert_error(response, 401, "authentication_error")


def test_tampered_token_is_401(api):
    parts = api.admin_token.split(".")
    claims = jwt_payload(api.admin_token)
    claims["user"] = "someone-else"
    parts[1] = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    assert_error(api.get("/current_user", token=".".join(parts)), 401, "authentication_error")
    assert api.get("/current_user").status_code == 200


def test_current_user(api):
    response = api.get("/current_user")
    assert response.status_code == 200
    me = api.get("/service_users/%s" % ADMIN_USER).json()
    assert response.json() == {"team_name": "sandbox", "name": ADMIN_USER, "id": me["id"]}


def test_token_expires_after_token_lifetime(api):
    api.configure(token_lifetime=600)
    now = api.now()
    body = api.mint().json()
    assert abs(parse_time(body["expires_at"]) - (now + 600)) <= 2
    token = body["bearer_token"]
    api.advance(590)
    assert api.get("/current_user", token=token).status_code == 200
    api.advance(20)
    assert_error(api.get("/current_user", token=token), 401, "authentication_error")
    # The key itself still works: a new token does.
    assert api.get("/current_user", token=api.token()).status_code == 200


def test_revoked_tokens_are_401(api):
    token = api.admin_token
    assert api.get("/current_user", token=token).status_code == 200
    response = api.hook("POST", "faults", json={"kind": "revoke_tokens"})
    assert response.status_code == 201
    assert response.json() == {"faults": [], "revoked_tokens": 1}
    assert_error(api.get("/current_user", token=token), 401, "authentication_error")
    assert api.get("/current_user", token=api.token()).status_code == 200


def test_deleted_key_cannot_mint_and_its_tokens_stop_working(api):
    token = api.user_with_token("svc-deleted-key")
    key_id = list(api.keys("svc-deleted-key"))[0]
    me = api.get("/current_user", token=token)
    assert me.status_code == 200 and me.json()["name"] == "svc-deleted-key"
    response = api.delete("/service_users/svc-deleted-key/keys/%s" % key_id)
    assert response.status_code == 204
    assert_error(api.get("/current_user", token=token), 401, "authentication_error")
    assert_error(api.mint(key_id, "any-secret"), 401, "authentication_error")


def test_expired_key_cannot_mint_and_its_tokens_stop_working(api):
    api.configure(key_grace=100)
    api.create_user("svc-rotate")
    old = api.new_key("svc-rotate")
    old_token = api.token(old["id"], old["secret"])
    new = api.new_key("svc-rotate")
    # Within the grace period both keys work.
    assert api.mint(old["id"], old["secret"]).status_code == 200
    api.advance(101)
    assert_error(api.mint(old["id"], old["secret"]), 401, "authentication_error")
    assert_error(api.get("/current_user", token=old_token), 401, "authentication_error")
    assert api.get("/current_user", token=api.token(new["id"], new["secret"])).json()["name"] == "svc-rotate"


@pytest.mark.parametrize("status", ["DISABLED", "DELETED"])
def test_inactive_user_cannot_mint_and_its_tokens_stop_working(api, status):
    token = api.user_with_token("svc-inactive")
    key = api.new_key("svc-inactive")
    api.set_status("svc-inactive", status)
    assert_error(api.mint(key["id"], key["secret"]), 401, "authentication_error")
    assert_error(api.get("/current_user", token=token), 401, "authentication_error")
    if status == "DISABLED":
        api.set_status("svc-inactive", "ACTIVE")
        assert api.mint(key["id"], key["secret"]).status_code == 200


def test_minting_sets_last_used(api):
    api.create_user("svc-last-used")
    key = api.new_key("svc-last-used")
    assert key["last_used"] is None
    assert api.keys("svc-last-used")[key["id"]]["last_used"] is None
    api.advance(1000)
    now = api.now()
    api.token(key["id"], key["secret"])
    listed = api.keys("svc-last-used")[key["id"]]
    assert abs(parse_time(listed["last_used"]) - now) <= 2
    assert parse_time(listed["issued_at"]) < now - 900
