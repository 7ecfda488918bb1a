# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Service users (opa-api.md §3): shapes per flavour, list filters, create, get, status changes, soft delete."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from sandbox_helpers import ADMIN_GROUP, ADMIN_USER, UUID, USER_KEYS, assert_error, parse_time


def expected_user(api, user_id, name, status="ACTIVE", deleted_at=None):
    body = {"id": user_id, "name": name, "status": status, "user_type": "service", "details": None, "deleted_at": deleted_at}
    if api.flavor == "opa":
        body["team_name"] = "sandbox"
    else:
        body["oauth_client_application_id"] = None
        body["role_grants"] = None
    return body


def test_create_returns_201_and_the_user_in_the_flavours_shape(api):
    response = api.post("/service_users", json={"name": "svc-deploy"})
    assert response.status_code == 201
    assert response.headers["Content-Type"] == "application/json"
    user = response.json()
    assert set(user) == USER_KEYS[api.flavor]
    assert UUID.match(user["id"])
    assert user == expected_user(api, user["id"], "svc-deploy")
    fetched = api.get("/service_users/svc-deploy")
    assert fetched.status_code == 200
    assert fetched.json() == user


def test_create_duplicate_is_409(api):
    api.create_user("svc-twice")
    assert_error(api.post("/service_users", json={"name": "svc-twice"}), 409, "resource_already_exists")
    assert_error(api.post("/service_users", json={"name": ADMIN_USER}), 409, "resource_already_exists")


def test_name_of_a_deleted_user_stays_reserved(api):
    api.create_user("svc-gone")
    api.set_status("svc-gone", "DELETED")
    body = assert_error(api.post("/service_users", json={"name": "svc-gone"}), 409, "resource_already_exists")
    assert "deleted" in body["message"]
    assert api.get("/service_users/svc-gone").json()["status"] == "DELETED"


@pytest.mark.parametrize("body", [{"name": ""}, {"name": "bad name"}, {"name": "-leading-dash"}, {"name": "x" * 101}, {"name": 7}, {}])
def test_create_with_an_invalid_name_is_400(api, body):
    response = api.post("/service_users", json=body)
    assert_error(response, 400, "invalid_request", path="name")
    assert api.names(api.get("/service_users")) == [ADMIN_USER]


def test_create_accepts_the_longest_name(api):
    assert api.create_user("a" * 100)["name"] == "a" * 100


def test_create_needs_a_json_object(api):
    assert_error(api.post("/service_users", data="name=svc", headers={"Content-Type": "text/plain"}), 415, "unsupported_content_type")
    assert_error(api.post("/service_users", json=["svc"]), 415, "unsupported_content_type")
    assert_error(api.post("/service_users", data="{not json", headers={"Content-Type": "application/json"}), 415, "unsupported_content_type")


def test_get_unknown_user_is_404(api):
    assert_error(api.get("/service_users/nobody"), 404, "resource_does_not_exist")


def test_deleted_user_is_still_returned_with_deleted_at(api):
    created = api.create_user("svc-soft")
    api.advance(500)
    now = api.now()
    deleted = api.set_status("svc-soft", "DELETED")
    assert abs(parse_time(deleted["deleted_at"]) - now) <= 2
    assert deleted == expected_user(api, created["id"], "svc-soft", "DELETED", deleted["deleted_at"])
    response = api.get("/service_users/svc-soft")
    assert response.status_code == 200
    assert response.json() == deleted


@pytest.fixture(name="population")
def population_fixture(api):
    for name in ("alpha-1", "alpha-2", "beta-1", "beta-2", "gamma"):
        api.create_user(name)
    api.set_status("alpha-2", "DISABLED")
    api.set_status("beta-1", "DELETED")
    return api


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, ["alpha-1", "alpha-2", "beta-2", "gamma", ADMIN_USER]),
        ({"status": "ACTIVE"}, ["alpha-1", "beta-2", "gamma", ADMIN_USER]),
        ({"status": "DISABLED"}, ["alpha-2"]),
        ({"status": "DELETED"}, ["beta-1"]),
        ({"status": ["DISABLED", "DELETED"]}, ["alpha-2", "beta-1"]),
        ({"status": ["ACTIVE", "DISABLED", "DELETED"]}, ["alpha-1", "alpha-2", "beta-1", "beta-2", "gamma", ADMIN_USER]),
        ({"contains": "pha"}, ["alpha-1", "alpha-2"]),
        ({"contains": "-2"}, ["alpha-2", "beta-2"]),
        ({"starts_with": "b"}, ["beta-2"]),
        ({"starts_with": "b", "status": "DELETED"}, ["beta-1"]),
        ({"starts_with": "alpha", "status": "ACTIVE"}, ["alpha-1"]),
        ({"starts_with": "pha"}, []),
        ({"contains": "nothing-matches"}, []),
    ],
)
def test_list_filters(population, params, expected):
    response = population.get("/service_users", params=params)
    assert population.names(response) == expected
    assert "Link" not in response.headers


def test_list_items_have_the_user_shape(population):
    for user in population.get("/service_users", params={"status": ["ACTIVE", "DISABLED", "DELETED"]}).json()["list"]:
        assert set(user) == USER_KEYS[population.flavor]
        assert (user["deleted_at"] is None) == (user["status"] != "DELETED")


def test_list_with_an_unknown_status_is_400(api):
    assert_error(api.get("/service_users", params={"status": "GONE"}), 400, "invalid_request", path="status")


def test_status_transitions(api):
    created = api.create_user("svc-life")
    assert api.set_status("svc-life", "DISABLED") == expected_user(api, created["id"], "svc-life", "DISABLED")
    assert api.get("/service_users/svc-life").json()["status"] == "DISABLED"
    assert api.set_status("svc-life", "ACTIVE")["status"] == "ACTIVE"
    assert api.set_status("svc-life", "ACTIVE")["status"] == "ACTIVE"
    assert api.set_status("svc-life", "DISABLED")["status"] == "DISABLED"
    deleted = api.set_status("svc-life", "DELETED")
    assert deleted["status"] == "DELETED" and deleted["deleted_at"] is not None
    # Setting DELETED again changes nothing.
    api.advance(100)
    assert api.set_status("svc-life", "DELETED") == deleted


@pytest.mark.parametrize("target", ["ACTIVE", "DISABLED"])
def test_deleted_is_terminal(api, target):
    api.create_user("svc-terminal")
    deleted = api.set_status("svc-terminal", "DELETED")
    response = api.put("/service_users/svc-terminal", json={"name": "svc-terminal", "status": target})
    assert_error(response, 400, "invalid_request", path="status")
    assert api.get("/service_users/svc-terminal").json() == deleted


def test_update_accepts_the_full_user_object(api):
    user = api.create_user("svc-full")
    user["status"] = "DISABLED"
    response = api.put("/service_users/svc-full", json=user)
    assert response.status_code == 200
    assert response.json() == user
    # TF sends nulls for the fields it does not set.
    response = api.put("/service_users/svc-full", json={"id": None, "name": "svc-full", "team_name": None, "status": "ACTIVE", "user_type": None})
    assert response.status_code == 200
    assert response.json()["status"] == "ACTIVE"


@pytest.mark.parametrize("body", [{"name": "svc-bad"}, {"name": "svc-bad", "status": "GONE"}, {"name": "svc-bad", "status": None}])
def test_update_needs_a_valid_status(api, body):
    api.create_user("svc-bad")
    assert_error(api.put("/service_users/svc-bad", json=body), 400, "invalid_request", path="status")


def test_update_needs_a_json_object(api):
    api.create_user("svc-json")
    response = api.put("/service_users/svc-json", data="status=DISABLED", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(response, 415, "unsupported_content_type")
    assert api.get("/service_users/svc-json").json()["status"] == "ACTIVE"


def test_update_unknown_user_is_404(api):
    assert_error(api.put("/service_users/nobody", json={"name": "nobody", "status": "DISABLED"}), 404, "resource_does_not_exist")


@pytest.mark.parametrize("status", ["DISABLED", "DELETED"])
def test_a_user_cannot_change_its_own_status(api, status):
    response = api.put("/service_users/%s" % ADMIN_USER, json={"name": ADMIN_USER, "status": status})
    assert_error(response, 400, "invalid_request", path="status")
    assert api.get("/service_users/%s" % ADMIN_USER).json()["status"] == "ACTIVE"
    # Confirming the current status is not a change.
    assert api.set_status(ADMIN_USER, "ACTIVE")["status"] == "ACTIVE"


def test_rename_is_refused(api):
    api.create_user("svc-name")
    response = api.put("/service_users/svc-name", json={"name": "svc-other", "status": "ACTIVE"})
    assert_error(response, 400, "invalid_request", path="name")
    assert_error(api.get("/service_users/svc-other"), 404, "resource_does_not_exist")
    assert api.get("/service_users/svc-name").status_code == 200


def test_there_is_no_delete_for_service_users(api):
    api.create_user("svc-stays")
    response = api.delete("/service_users/svc-stays")
    assert_error(response, 405, "invalid_request")
    assert api.get("/service_users/svc-stays").json()["status"] == "ACTIVE"


def test_deleting_a_user_ends_its_group_memberships(api):
    api.create_user("svc-member")
    api.add_member(ADMIN_GROUP, "svc-member")
    assert api.names(api.get("/users/svc-member/groups")) == [ADMIN_GROUP]
    api.set_status("svc-member", "DELETED")
    assert api.names(api.get("/groups/%s/users" % ADMIN_GROUP)) == [ADMIN_USER]
    assert api.names(api.get("/users/svc-member/groups")) == []
