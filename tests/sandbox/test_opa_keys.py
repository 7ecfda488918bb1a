# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""API keys (opa-api.md §4): list without secrets, rotate, expiry of older keys, delete, quota."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64

from sandbox_helpers import ADMIN_USER, UUID, ZERO_TIME, assert_error, parse_time

KEY_FIELDS = {"id", "issued_at", "expires_at", "last_used"}
UNKNOWN_KEY = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"


def test_new_key_returns_its_secret_once(api):
    api.create_user("svc-key")
    now = api.now()
    response = api.post("/service_users/svc-key/keys")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    key = response.json()
    assert set(key) == KEY_FIELDS | {"secret"}
    assert UUID.match(key["id"])
    assert key["expires_at"] == ZERO_TIME
    assert key["last_used"] is None
    assert abs(parse_time(key["issued_at"]) - now) <= 2
    # The documented example: 64 random bytes in base64.
    assert len(base64.b64decode(key["secret"], validate=True)) == 64
    listed = api.get("/service_users/svc-key/keys")
    assert listed.status_code == 200
    assert listed.json() == {"list": [{name: value for name, value in key.items() if name != "secret"}]}
    assert api.get("/current_user", token=api.token(key["id"], key["secret"])).json()["name"] == "svc-key"


def test_list_keys_of_the_seeded_admin(api):
    response = api.get("/service_users/%s/keys" % ADMIN_USER)
    assert response.status_code == 200
    keys = response.json()["list"]
    assert [key["id"] for key in keys] == [api.key_id]
    assert set(keys[0]) == KEY_FIELDS
    assert keys[0]["expires_at"] == ZERO_TIME


def test_list_keys_of_a_user_without_keys_is_empty(api):
    api.create_user("svc-keyless")
    response = api.get("/service_users/svc-keyless/keys")
    assert response.status_code == 200
    assert response.json() == {"list": []}


def test_every_rotation_makes_a_new_secret(api):
    api.create_user("svc-secrets")
    first = api.new_key("svc-secrets")
    second = api.new_key("svc-secrets")
    assert first["id"] != second["id"]
    assert first["secret"] != second["secret"]
    assert_error(api.mint(second["id"], first["secret"]), 401, "authentication_error")


def test_rotation_sets_expires_at_on_older_keys(api):
    api.create_user("svc-grace")
    first = api.new_key("svc-grace")
    api.advance(1800)
    now = api.now()
    second = api.new_key("svc-grace")
    keys = api.keys("svc-grace")
    # Simulator choice (§4.2): the default grace is 48 h from the rotation.
    assert abs(parse_time(keys[first["id"]]["expires_at"]) - (now + 48 * 3600)) <= 2
    assert keys[second["id"]]["expires_at"] == ZERO_TIME
    assert second["expires_at"] == ZERO_TIME


def test_rotation_keeps_a_sooner_expiry(api):
    api.create_user("svc-sooner")
    api.configure(key_grace=1000)
    first = api.new_key("svc-sooner")
    second = api.new_key("svc-sooner")
    first_rotation = api.now()
    api.configure(key_grace=5000)
    api.advance(10)
    second_rotation = api.now()
    third = api.new_key("svc-sooner")
    keys = api.keys("svc-sooner")
    assert abs(parse_time(keys[first["id"]]["expires_at"]) - (first_rotation + 1000)) <= 2
    assert abs(parse_time(keys[second["id"]]["expires_at"]) - (second_rotation + 5000)) <= 2
    assert keys[third["id"]]["expires_at"] == ZERO_TIME


def test_expired_keys_stay_listed(api):
    api.create_user("svc-expired")
    api.configure(key_grace=60)
    first = api.new_key("svc-expired")
    api.new_key("svc-expired")
    api.advance(120)
    keys = api.keys("svc-expired")
    assert first["id"] in keys
    assert parse_time(keys[first["id"]]["expires_at"]) < api.now()


def test_rotate_accepts_an_empty_json_body_but_not_other_bodies(api):
    api.create_user("svc-body")
    assert api.post("/service_users/svc-body/keys", json={}).status_code == 200
    response = api.post("/service_users/svc-body/keys", data="rotate", headers={"Content-Type": "text/plain"})
    assert_error(response, 415, "unsupported_content_type")
    assert len(api.keys("svc-body")) == 1


def test_delete_key(api):
    api.create_user("svc-delete")
    first = api.new_key("svc-delete")
    second = api.new_key("svc-delete")
    response = api.delete("/service_users/svc-delete/keys/%s" % first["id"])
    assert response.status_code == 204
    assert response.content == b""
    assert list(api.keys("svc-delete")) == [second["id"]]
    assert_error(api.delete("/service_users/svc-delete/keys/%s" % first["id"]), 404, "resource_does_not_exist")


def test_delete_unknown_key_is_404(api):
    api.create_user("svc-other")
    assert_error(api.delete("/service_users/svc-other/keys/%s" % UNKNOWN_KEY), 404, "resource_does_not_exist")
    # Another user's key is not found under this user, and stays.
    assert_error(api.delete("/service_users/svc-other/keys/%s" % api.key_id), 404, "resource_does_not_exist")
    assert list(api.keys(ADMIN_USER)) == [api.key_id]
    assert_error(api.delete("/service_users/nobody/keys/%s" % api.key_id), 404, "resource_does_not_exist")


def test_keys_of_an_unknown_user_are_404(api):
    assert_error(api.get("/service_users/nobody/keys"), 404, "resource_does_not_exist")
    assert_error(api.post("/service_users/nobody/keys"), 404, "resource_does_not_exist")


def test_a_deleted_user_gets_no_new_key(api):
    api.create_user("svc-deleted")
    api.set_status("svc-deleted", "DELETED")
    assert_error(api.post("/service_users/svc-deleted/keys"), 400, "invalid_request")
    assert api.keys("svc-deleted") == {}


def test_max_keys_per_user_gives_quota_exceeded(api):
    assert api.configure(max_keys_per_user=2)["max_keys_per_user"] == 2
    api.create_user("svc-quota")
    first = api.new_key("svc-quota")
    api.new_key("svc-quota")
    assert_error(api.post("/service_users/svc-quota/keys"), 403, "quota_exceeded")
    assert len(api.keys("svc-quota")) == 2
    # The limit is per user: the admin (one key) may still add one.
    api.new_key(ADMIN_USER)
    assert_error(api.post("/service_users/%s/keys" % ADMIN_USER), 403, "quota_exceeded")
    # Deleting a key makes room again.
    assert api.delete("/service_users/svc-quota/keys/%s" % first["id"]).status_code == 204
    api.new_key("svc-quota")
    api.configure(max_keys_per_user=0)
    api.new_key("svc-quota")
    assert len(api.keys("svc-quota")) == 3


def test_key_list_is_paginated(api):
    api.create_user("svc-many")
    ids = [api.new_key("svc-many")["id"] for index in range(3)]
    response = api.get("/service_users/svc-many/keys", params={"count": 2})
    assert [key["id"] for key in response.json()["list"]] == ids[:2]
    following = api.follow(response.links["next"]["url"])
    assert [key["id"] for key in following.json()["list"]] == ids[2:]
    assert "next" not in following.links
