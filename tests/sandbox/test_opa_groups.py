# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Groups and membership (opa-api.md §8): roles per flavour, soft delete, members, a user's groups."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from sandbox_helpers import ADMIN_GROUP, ADMIN_USER, UUID, ZERO_TIME, assert_error, parse_time

# Roles a group may be created with, and roles only an update accepts (model.FLAVORS, §8).
CREATE_ROLES = {"opa": ["resource_admin", "pam_admin"], "asa": ["reporting_user", "access_user"]}
REJECTED_ON_CREATE = {
    "opa": ["end_user", "delegated_resource_admin", "access_admin", "nonsense"],
    "asa": ["pam_admin", "end_user", "server_admin", "nonsense"],
}


def live_deleted_at(api):
    """What a live group's deleted_at reads: Go's zero time in ASA examples, null in OPA."""
    return ZERO_TIME if api.flavor == "asa" else None


def test_the_seeded_admin_group(api):
    response = api.get("/groups/%s" % ADMIN_GROUP)
    assert response.status_code == 200
    group = response.json()
    assert set(group) == {"id", "name", "roles", "deleted_at"}
    assert UUID.match(group["id"])
    assert group["name"] == ADMIN_GROUP
    assert group["roles"] == [api.admin_role]
    assert group["deleted_at"] == live_deleted_at(api)
    assert api.get("/groups").json() == {"list": [group]}
    assert api.names(api.get("/groups/%s/users" % ADMIN_GROUP)) == [ADMIN_USER]
    assert api.get("/users/%s/groups" % ADMIN_USER).json() == {"list": [group]}


def test_create_group_is_201(api):
    response = api.post("/groups", json={"name": "deployers", "roles": CREATE_ROLES[api.flavor]})
    assert response.status_code == 201
    group = response.json()
    assert UUID.match(group["id"])
    assert group == {"id": group["id"], "name": "deployers", "roles": sorted(CREATE_ROLES[api.flavor]), "deleted_at": live_deleted_at(api)}
    assert api.get("/groups/deployers").json() == group
    assert api.names(api.get("/groups")) == ["deployers", ADMIN_GROUP]
    assert api.names(api.get("/groups/deployers/users")) == []


def test_create_group_without_roles(api):
    assert api.create_group("no-roles", [])["roles"] == []
    response = api.post("/groups", json={"name": "roles-omitted"})
    assert response.status_code == 201
    assert response.json()["roles"] == []


def test_create_group_validates_roles_per_flavour(api):
    for role in REJECTED_ON_CREATE[api.flavor]:
        response = api.post("/groups", json={"name": "bad-roles", "roles": [role]})
        assert_error(response, 400, "invalid_request", path="roles")
    for roles in ("pam_admin", [1], None):
        assert_error(api.post("/groups", json={"name": "bad-roles", "roles": roles}), 400, "invalid_request", path="roles")
    assert_error(api.get("/groups/bad-roles"), 404, "resource_does_not_exist")


def test_admin_role_of_the_other_flavour_is_rejected(api):
    other = "access_admin" if api.flavor == "opa" else "pam_admin"
    assert_error(api.post("/groups", json={"name": "other", "roles": [other]}), 400, "invalid_request", path="roles")
    assert api.create_group("own", [api.admin_role])["roles"] == [api.admin_role]


@pytest.mark.parametrize("name", ["", " leading-space", "x" * 101, "slash/in/name", 5])
def test_create_group_with_an_invalid_name_is_400(api, name):
    assert_error(api.post("/groups", json={"name": name, "roles": []}), 400, "invalid_request", path="name")


def test_create_duplicate_group_is_409(api):
    api.create_group("twice", [])
    assert_error(api.post("/groups", json={"name": "twice", "roles": []}), 409, "resource_already_exists")
    assert_error(api.post("/groups", json={"name": ADMIN_GROUP, "roles": []}), 409, "resource_already_exists")


def test_a_deleted_group_keeps_its_name_reserved(api):
    api.create_group("retired", [])
    assert api.delete("/groups/retired").status_code == 204
    body = assert_error(api.post("/groups", json={"name": "retired", "roles": []}), 409, "resource_already_exists")
    assert "deleted" in body["message"]


def test_update_roles_is_204(api):
    api.create_group("editable", [])
    response = api.put("/groups/editable", json={"roles": [api.admin_role]})
    assert response.status_code == 204
    assert response.content == b""
    assert api.get("/groups/editable").json()["roles"] == [api.admin_role]
    assert api.put("/groups/editable", json={"roles": []}).status_code == 204
    assert api.get("/groups/editable").json()["roles"] == []


def test_update_accepts_end_user_only_in_opa(api):
    api.create_group("end-users", [])
    response = api.put("/groups/end-users", json={"roles": ["end_user"]})
    if api.flavor == "opa":
        assert response.status_code == 204
        assert api.get("/groups/end-users").json()["roles"] == ["end_user"]
    else:
        assert_error(response, 400, "invalid_request", path="roles")
        assert api.get("/groups/end-users").json()["roles"] == []


def test_update_errors(api):
    api.create_group("strict", [])
    assert_error(api.put("/groups/strict", json={}), 400, "invalid_request", path="roles")
    assert_error(api.put("/groups/strict", json={"roles": ["nonsense"]}), 400, "invalid_request", path="roles")
    assert_error(api.put("/groups/strict", data="roles=x", headers={"Content-Type": "text/plain"}), 415, "unsupported_content_type")
    assert_error(api.put("/groups/missing", json={"roles": []}), 404, "resource_does_not_exist")


def test_delete_group_is_a_soft_delete(api):
    created = api.create_group("doomed", [])
    api.create_user("svc-doomed")
    api.add_member("doomed", "svc-doomed")
    api.advance(300)
    now = api.now()
    response = api.delete("/groups/doomed")
    assert response.status_code == 204
    assert response.content == b""
    fetched = api.get("/groups/doomed")
    assert fetched.status_code == 200
    group = fetched.json()
    assert abs(parse_time(group["deleted_at"]) - now) <= 2
    assert group == dict(created, deleted_at=group["deleted_at"])
    assert api.names(api.get("/groups")) == [ADMIN_GROUP]
    assert api.names(api.get("/groups", params={"include_deleted": "true"})) == ["doomed", ADMIN_GROUP]
    assert api.names(api.get("/groups", params={"only_include_deleted": "true"})) == ["doomed"]
    assert api.names(api.get("/users/svc-doomed/groups")) == []
    # A deleted group takes no further changes.
    assert_error(api.delete("/groups/doomed"), 404, "resource_does_not_exist")
    assert_error(api.put("/groups/doomed", json={"roles": []}), 404, "resource_does_not_exist")
    assert_error(api.get("/groups/doomed/users"), 404, "resource_does_not_exist")
    assert_error(api.post("/groups/doomed/users", json={"name": "svc-doomed"}), 404, "resource_does_not_exist")


def test_get_or_delete_unknown_group_is_404(api):
    assert_error(api.get("/groups/missing"), 404, "resource_does_not_exist")
    assert_error(api.delete("/groups/missing"), 404, "resource_does_not_exist")


def test_list_groups_contains(api):
    for name in ("ops-read", "ops-write", "dev"):
        api.create_group(name, [])
    assert api.names(api.get("/groups", params={"contains": "ops"})) == ["ops-read", "ops-write"]
    assert api.names(api.get("/groups", params={"contains": "admins"})) == [ADMIN_GROUP]
    assert api.names(api.get("/groups", params={"contains": "nothing"})) == []


def test_add_member_is_204_and_idempotent(api):
    api.create_group("crew", [])
    api.create_user("svc-crew")
    for attempt in range(2):
        response = api.post("/groups/crew/users", json={"name": "svc-crew"})
        assert response.status_code == 204, attempt
        assert response.content == b""
    assert api.names(api.get("/groups/crew/users")) == ["svc-crew"]


def test_add_member_accepts_the_full_user_object(api):
    api.create_group("crew", [])
    user = api.create_user("svc-full")
    assert api.post("/groups/crew/users", json=user).status_code == 204
    assert api.names(api.get("/groups/crew/users")) == ["svc-full"]


def test_add_member_errors(api):
    api.create_group("crew", [])
    api.create_user("svc-deleted")
    api.set_status("svc-deleted", "DELETED")
    assert_error(api.post("/groups/crew/users", json={"name": "nobody"}), 404, "resource_does_not_exist")
    assert_error(api.post("/groups/crew/users", json={"name": "svc-deleted"}), 400, "invalid_request", path="name")
    assert_error(api.post("/groups/crew/users", json={}), 400, "invalid_request", path="name")
    assert_error(api.post("/groups/crew/users", data="svc", headers={"Content-Type": "text/plain"}), 415, "unsupported_content_type")
    assert_error(api.post("/groups/missing/users", json={"name": ADMIN_USER}), 404, "resource_does_not_exist")
    assert api.names(api.get("/groups/crew/users")) == []


def test_remove_member(api):
    api.create_group("crew", [])
    api.create_user("svc-leaver")
    api.add_member("crew", "svc-leaver")
    response = api.delete("/groups/crew/users/svc-leaver")
    assert response.status_code == 204
    assert response.content == b""
    assert api.names(api.get("/groups/crew/users")) == []
    # Simulator choice (§8): removing a non-member is 404.
    assert_error(api.delete("/groups/crew/users/svc-leaver"), 404, "resource_does_not_exist")
    assert_error(api.delete("/groups/crew/users/nobody"), 404, "resource_does_not_exist")
    assert_error(api.delete("/groups/missing/users/svc-leaver"), 404, "resource_does_not_exist")


def test_list_members_is_paginated_and_filtered(api):
    api.create_group("big", [])
    names = ["member-%d" % index for index in range(5)]
    for name in names:
        api.create_user(name)
        api.add_member("big", name)
    api.set_status("member-3", "DISABLED")
    seen = []
    response = api.get("/groups/big/users", params={"count": 2})
    pages = 0
    while True:
        pages += 1
        assert response.status_code == 200
        batch = [user["name"] for user in response.json()["list"]]
        assert len(batch) == (2 if pages < 3 else 1)
        seen.extend(batch)
        if "next" not in response.links:
            break
        response = api.follow(response.links["next"]["url"])
    assert pages == 3
    assert seen == names
    assert api.names(api.get("/groups/big/users", params={"status": "DISABLED"})) == ["member-3"]
    assert api.names(api.get("/groups/big/users", params={"contains": "-4"})) == ["member-4"]
    assert api.names(api.get("/groups/big/users", params={"starts_with": "member-1"})) == ["member-1"]
    assert api.names(api.get("/groups/big/users", params={"descending": "true", "count": 2})) == ["member-4", "member-3"]
    assert_error(api.get("/groups/big/users", params={"status": "GONE"}), 400, "invalid_request", path="status")


def test_list_a_users_groups(api):
    api.create_user("svc-joiner")
    for name in ("zeta", "alpha", "mid"):
        api.create_group(name, [])
        api.add_member(name, "svc-joiner")
    api.create_group("not-joined", [])
    response = api.get("/users/svc-joiner/groups")
    assert api.names(response) == ["alpha", "mid", "zeta"]
    for group in response.json()["list"]:
        assert set(group) == {"id", "name", "roles", "deleted_at"}
    assert api.names(api.get("/users/svc-joiner/groups", params={"count": 2})) == ["alpha", "mid"]
    api.delete("/groups/mid/users/svc-joiner")
    assert api.names(api.get("/users/svc-joiner/groups")) == ["alpha", "zeta"]
    assert_error(api.get("/users/nobody/groups"), 404, "resource_does_not_exist")


def test_group_roles_grant_and_revoke_rights(api):
    token = api.user_with_token("svc-rights")
    assert_error(api.get("/service_users", token=token), 403, "forbidden_error")
    api.create_group("rights", [api.admin_role])
    api.add_member("rights", "svc-rights")
    assert api.get("/service_users", token=token).status_code == 200
    assert api.delete("/groups/rights").status_code == 204
    assert_error(api.get("/service_users", token=token), 403, "forbidden_error")
