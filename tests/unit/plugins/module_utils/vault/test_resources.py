# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Vault's Okta groups and users as resource types: reads, views in Vault's normalisation, desired
views and request bodies (vault-okta-api.md §2, §3)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaGroups, OktaUsers


class FakeVault:
    """Entries by path; reads of groups ignore case, as Vault's do (§3.2)."""

    def __init__(self, entries, list_status=None):
        self.entries = entries
        self.list_status = list_status
        self.reads = []
        self.listings = 0

    def list(self, path):
        self.listings += 1
        if self.list_status:
            raise ApiError("HTTP %d" % self.list_status, status=self.list_status)
        prefix = path + "/"
        return sorted(key[len(prefix):] for key in self.entries if key.startswith(prefix))

    def read(self, path):
        self.reads.append(path)
        for key, data in self.entries.items():
            if key == path or ("/groups/" in path and key.lower() == path.lower()):
                return data
        return None


GROUPS = {
    "auth/okta/groups/Ops": {"policies": [" Admin", "admin", "", "audit "]},
    "auth/okta/groups/dev": {"policies": ["dev", "root"]},
    "auth/okta/groups/empty": {},
}
USERS = {"auth/okta/users/alice": {"groups": [" b", "a", "a"], "policies": ["Ops", ""]}}


def test_group_views_are_normalised_as_vault_stores_policies():
    current = OktaGroups(FakeVault(GROUPS), "auth/okta").read_current()
    assert current == {
        "Ops": {"name": "Ops", "policies": ["admin", "audit"]},
        # root stands alone (§3.3).
        "dev": {"name": "dev", "policies": ["root"]},
        "empty": {"name": "empty", "policies": []},
    }


def test_reading_named_groups_reads_only_those_under_their_stored_names():
    vault = FakeVault(GROUPS)
    current = OktaGroups(vault, "auth/okta", workers=4).read_current(["OPS", "missing"])
    assert list(current) == ["Ops"]
    assert vault.reads == ["auth/okta/groups/Ops"] and vault.listings == 1


def test_a_listing_error_is_not_taken_for_an_empty_set():
    with pytest.raises(ApiError):
        OktaGroups(FakeVault(GROUPS, list_status=403), "auth/okta").read_current()


def test_a_group_read_by_name_comes_back_under_its_stored_spelling():
    assert OktaGroups(FakeVault(GROUPS), "auth/okta").read_one("OPS/") == {"Ops": {"name": "Ops", "policies": ["admin", "audit"]}}
    assert OktaGroups(FakeVault(GROUPS), "auth/okta").read_one("nope") == {}


def test_a_group_read_without_list_permission_keeps_the_given_name():
    # held_group_name: a token that may read but not list (403) cannot learn the stored spelling.
    resource = OktaGroups(FakeVault(GROUPS, list_status=403), "auth/okta")
    assert resource.read_one("OPS") == {"OPS": {"name": "OPS", "policies": ["admin", "audit"]}}


@pytest.mark.parametrize(
    "item, replace, expected",
    [
        ({"name": "Ops"}, False, ["admin", "audit"]),
        ({"name": "Ops", "policies": None}, True, []),
        ({"name": "Ops", "policies": [" Dev ", "dev", "ROOT"]}, False, ["root"]),
        ({"name": "Ops", "policies": []}, False, []),
    ],
)
def test_group_desired_policies(item, replace, expected):
    resource = OktaGroups(FakeVault(GROUPS), "auth/okta")
    before = resource.read_current()["Ops"]
    assert resource.desired(item, before, replace) == {"name": "Ops", "policies": expected}


def test_a_new_group_without_policies_gets_none_under_its_lower_case_name():
    resource = OktaGroups(FakeVault({}), "auth/okta")
    assert resource.desired({"name": "NewTeam"}, {}, replace=False) == {"name": "newteam", "policies": []}


def test_group_body_and_config_carry_the_normalised_policies():
    view = {"name": "Ops", "policies": ["admin", "audit"]}
    assert OktaGroups.body(view) == {"policies": ["admin", "audit"]}
    assert OktaGroups.config_of(view) == {"name": "Ops", "policies": ["admin", "audit"]}


def test_group_paths_escape_the_name_but_keep_its_slashes():
    resource = OktaGroups(FakeVault({}), "auth/okta")
    assert resource.path("a b") == "auth/okta/groups/a%20b"


def test_user_views_are_trimmed_sets():
    current = OktaUsers(FakeVault(USERS), "auth/okta").read_current()
    assert current == {"alice": {"name": "alice", "groups": ["a", "b"], "policies": ["Ops"]}}


def test_user_names_match_exactly():
    assert OktaUsers(FakeVault(USERS), "auth/okta").read_current(["Alice"]) == {}


@pytest.mark.parametrize(
    "item, replace, expected",
    [
        ({"name": "alice", "policies": ["x "]}, False, {"groups": ["a", "b"], "policies": ["x"]}),
        ({"name": "alice", "groups": []}, False, {"groups": [], "policies": ["Ops"]}),
        ({"name": "alice", "policies": ["x"]}, True, {"groups": [], "policies": ["x"]}),
        ({"name": "alice"}, True, {"groups": [], "policies": []}),
    ],
)
def test_user_desired_fields(item, replace, expected):
    resource = OktaUsers(FakeVault(USERS), "auth/okta")
    before = resource.read_current()["alice"]
    assert resource.desired(item, before, replace) == dict(expected, name="alice")


def test_user_body_is_a_full_replace_of_both_lists():
    # §2.3: a write replaces every field, so both lists go every time.
    assert OktaUsers.body({"name": "alice", "groups": [], "policies": ["p"]}) == {"groups": [], "policies": ["p"]}


@pytest.mark.parametrize("name", [".", "..", "team/..", "./team", "a/./b"])
def test_names_with_dot_segments_are_refused_before_any_request(name):
    # A '.' or '..' segment is resolved away by HTTP clients before Vault sees the path.
    assert "path segment" in OktaGroups.name_problem(name)
    assert "path segment" in OktaUsers.name_problem(name)


@pytest.mark.parametrize("name", ["team.a", "...", "a..b", "ops/team"])
def test_names_with_dots_inside_segments_are_fine(name):
    assert OktaGroups.name_problem(name) is None
