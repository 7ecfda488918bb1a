# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the sandbox can be set to do so that a rehearsal is not rosier than the real service
(issue 12): delegated-admin groups, canonical hosts in links, 401 for a missing role, and a
users/{name}/groups that refuses service users."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import urlsplit

import pytest
import yaml

from pamops_sandbox.server import DEFAULT_SEED

from sandbox_helpers import ADMIN_USER, assert_error


@pytest.fixture(name="delegated_seed")
def delegated_seed_fixture(tmp_path):
    with open(DEFAULT_SEED, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["opa"]["teams"][0]["groups"] = [
        {
            "name": "web-delegates",
            "roles": {"opa": ["end_user"], "asa": ["access_user"]},
            "members": ["svc-web"],
            "delegated_admin_of": ["web-servers"],
        }
    ]
    path = tmp_path / "seed.yaml"
    path.write_text(yaml.safe_dump(seed), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("flavor", ["opa", "asa"])
def test_a_seeded_delegated_admin_group_reports_the_role_opa_gives_it(start_sandbox, delegated_seed, flavor):
    # opa-api.md §8: the role comes from a resource group's delegated admins; ASA has no such role.
    api = start_sandbox(flavor=flavor, seed_path=delegated_seed)
    group = api.get("/groups/web-delegates").json()
    expected = ["delegated_resource_admin", "end_user"] if flavor == "opa" else ["access_user"]
    assert group["roles"] == expected
    assert api.names(api.get("/groups/web-delegates/users")) == ["svc-web"]


def test_group_updates_neither_accept_nor_remove_the_delegated_role(start_sandbox, delegated_seed):
    api = start_sandbox(flavor="opa", seed_path=delegated_seed)
    # Okta's SDK: GroupUpdateRole and GroupCreateRole have no delegated_resource_admin.
    assert_error(api.put("/groups/web-delegates", json={"roles": ["delegated_resource_admin"]}), 400, "invalid_request", "roles")
    assert_error(api.post("/groups", json={"name": "x", "roles": ["delegated_resource_admin"]}), 400, "invalid_request", "roles")
    assert api.put("/groups/web-delegates", json={"roles": ["resource_admin"]}).status_code == 204
    assert api.get("/groups/web-delegates").json()["roles"] == ["delegated_resource_admin", "resource_admin"]


def test_links_can_name_a_canonical_host(api):
    for number in range(3):
        api.create_user("svc-%d" % number)
    api.configure(public_base_url="https://pam.example.invalid:443")
    response = api.get("/service_users", params={"count": 2})
    next_url = response.links["next"]["url"]
    assert next_url.startswith("https://pam.example.invalid:443/v1/teams/sandbox/service_users?")
    # The offset still works on the host the client used (opa-api.md §6).
    assert api.follow("%s/v1/teams/sandbox/service_users?%s" % (api.url, urlsplit(next_url).query)).status_code == 200


@pytest.mark.parametrize("value", ["pam.example.com", "ftp://x", "https://x/v1", "https://x?a=1"])
def test_a_public_base_url_must_be_scheme_and_host(api, value):
    assert api.hook("PUT", "config", json={"public_base_url": value}).status_code == 400


def test_a_missing_role_can_be_a_401_authorization_error(api):
    token = api.user_with_token("svc-norole", roles=[])
    api.configure(missing_role_status=401)
    # opa-api.md §5: authorization_error is a 401, "the current User doesn't have permission".
    body = assert_error(api.get("/service_users", token=token), 401, "authorization_error")
    assert "svc-norole lacks a role" in body["message"]
    assert api.hook("PUT", "config", json={"missing_role_status": 404}).status_code == 400


@pytest.mark.parametrize("status, error_type", [(404, "resource_does_not_exist"), (403, "forbidden_error"), (400, "invalid_request")])
def test_users_groups_can_refuse_service_users(api, status, error_type):
    assert api.get("/users/%s/groups" % ADMIN_USER).status_code == 200
    api.configure(user_groups_refusal_status=status)
    assert_error(api.get("/users/%s/groups" % ADMIN_USER), status, error_type)
    # Terraform's way still works: page each group's members (opa-api.md §8).
    assert ADMIN_USER in api.names(api.get("/groups/%s/users" % api.get("/groups").json()["list"][0]["name"]))
