# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who may do what (opa-api.md §3.1, §8, §9): admin roles per flavour, 403 forbidden_error, current_user for all."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from sandbox_helpers import ADMIN_GROUP, ADMIN_USER, assert_error

READS = [
    ("GET", "/service_users"),
    ("GET", "/service_users/%s" % ADMIN_USER),
    ("GET", "/service_users/%s/keys" % ADMIN_USER),
    ("GET", "/groups"),
    ("GET", "/groups/%s" % ADMIN_GROUP),
    ("GET", "/groups/%s/users" % ADMIN_GROUP),
    ("GET", "/users/%s/groups" % ADMIN_USER),
]
WRITES = [
    ("POST", "/service_users", {"name": "svc-intruder"}),
    ("PUT", "/service_users/svc-target", {"name": "svc-target", "status": "DISABLED"}),
    ("POST", "/service_users/svc-target/keys", None),
    ("DELETE", "/service_users/%s/keys/KEY" % ADMIN_USER, None),
    ("POST", "/groups", {"name": "intruders", "roles": []}),
    ("PUT", "/groups/%s" % ADMIN_GROUP, {"roles": []}),
    ("DELETE", "/groups/%s" % ADMIN_GROUP, None),
    ("POST", "/groups/%s/users" % ADMIN_GROUP, {"name": "svc-target"}),
    ("DELETE", "/groups/%s/users/%s" % (ADMIN_GROUP, ADMIN_USER), None),
]


def snapshot(api):
    """Everything the writes above could change, read with the admin token."""
    return {
        "users": api.get("/service_users", params={"status": ["ACTIVE", "DISABLED", "DELETED"]}).json(),
        "keys": api.get("/service_users/%s/keys" % ADMIN_USER).json(),
        "target_keys": api.get("/service_users/svc-target/keys").json(),
        "groups": api.get("/groups", params={"include_deleted": "true"}).json(),
        "members": api.get("/groups/%s/users" % ADMIN_GROUP).json(),
    }


def user_with_roles(api, roles):
    """A service user in a group with ``roles`` (no group at all for ``[]``), and its token."""
    api.create_user("svc-target")
    token = api.user_with_token("svc-caller")
    if roles:
        # Created without roles, then updated: end_user is accepted by updates only (§8).
        api.create_group("svc-caller-group", [])
        assert api.put("/groups/svc-caller-group", json={"roles": roles}).status_code == 204
        api.add_member("svc-caller-group", "svc-caller")
    return token


def check_writes_forbidden(api, token):
    before = snapshot(api)
    for method, path, body in WRITES:
        response = api.call(method, path.replace("KEY", api.key_id), token=token, json=body)
        assert_error(response, 403, "forbidden_error")
    assert snapshot(api) == before


def test_a_user_without_groups_may_not_read_or_write(api):
    token = user_with_roles(api, [])
    for method, path in READS:
        assert_error(api.call(method, path, token=token), 403, "forbidden_error")
    check_writes_forbidden(api, token)


def test_current_user_works_for_anyone(api):
    token = user_with_roles(api, [])
    response = api.get("/current_user", token=token)
    assert response.status_code == 200
    assert response.json() == {"team_name": "sandbox", "name": "svc-caller", "id": api.get("/service_users/svc-caller").json()["id"]}


@pytest.mark.parametrize(
    "flavor, roles",
    [("opa", ["end_user"]), ("asa", ["access_user"]), ("asa", ["reporting_user"])],
)
def test_roles_without_admin_rights_may_not_read_or_write(start_sandbox, flavor, roles):
    api = start_sandbox(flavor=flavor)
    token = user_with_roles(api, roles)
    for method, path in READS:
        assert_error(api.call(method, path, token=token), 403, "forbidden_error")
    check_writes_forbidden(api, token)


@pytest.mark.parametrize("role", ["security_admin", "resource_admin"])
def test_opa_read_roles_may_list_but_not_write(start_sandbox, role):
    # OPA-SU: listing needs any of pam_admin, security_admin, resource_admin, delegated_resource_admin;
    # writes need pam_admin (simulator choice). ASA has no such roles: access_admin does both.
    api = start_sandbox(flavor="opa")
    token = user_with_roles(api, [role])
    for method, path in READS:
        assert api.call(method, path, token=token).status_code == 200, path
    check_writes_forbidden(api, token)


def test_the_admin_role_may_write(api):
    token = user_with_roles(api, [api.admin_role])
    assert api.post("/service_users", json={"name": "svc-made"}, token=token).status_code == 201
    assert api.put("/service_users/svc-target", json={"name": "svc-target", "status": "DISABLED"}, token=token).status_code == 200
    assert api.post("/groups", json={"name": "made", "roles": []}, token=token).status_code == 201
    assert api.post("/groups/made/users", json={"name": "svc-made"}, token=token).status_code == 204


def test_the_forbidden_message_names_the_needed_roles(api):
    token = user_with_roles(api, [])
    body = assert_error(api.post("/service_users", json={"name": "svc-x"}, token=token), 403, "forbidden_error")
    assert api.admin_role in body["message"]
