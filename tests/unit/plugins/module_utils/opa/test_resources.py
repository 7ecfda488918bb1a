# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""OPA service users and groups as resource types: views, memberships, desired views, refusals,
the guard against deleting the run's own service user, and the writes of a change (opa-api.md §3, §8)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.resources import OpaGroups, OpaServiceUsers, check_roles
from ansible_collections.pamops.okta.plugins.module_utils.plan import PlanError, change, plan_changes

LIVE = "0001-01-01T00:00:00Z"


def user(name, status="ACTIVE", deleted_at=None):
    return {"id": "id-" + name, "name": name, "status": status, "deleted_at": deleted_at}


def group(name, roles=(), deleted=False):
    return {"id": "g-" + name, "name": name, "roles": list(roles), "deleted_at": "2026-01-01T00:00:00Z" if deleted else LIVE}


class FakeOpa:
    """The OpaClient calls the resource types make, over in-memory users, groups and members."""

    team = "robots"

    def __init__(self, users=(), groups=(), members=None, keys=None, key_id=None, lists_deleted=True, own_user="robot"):
        # lists_deleted=False: a listing without a status filter leaves deleted users out, as the sandbox does.
        self.lists_deleted = lists_deleted
        self.own_user = own_user
        self.users = dict((entry["name"], entry) for entry in users)
        self.groups = dict((entry["name"], entry) for entry in groups)
        self.members = dict((name, set(names)) for name, names in (members or {}).items())
        self.keys = keys or {}
        self.key_id = key_id
        self.calls = []

    def _record(self, *call):
        self.calls.append(call)

    def count(self, method):
        return len([call for call in self.calls if call[0] == method])

    def list_service_users(self, statuses=None):
        self._record("list_service_users", statuses)
        wanted = statuses or (None if self.lists_deleted else ["ACTIVE", "DISABLED"])
        return [entry for entry in self.users.values() if wanted is None or entry["status"] in wanted]

    def current_user(self):
        self._record("current_user")
        return {"team_name": self.team, "name": self.own_user, "id": "id-" + self.own_user}

    def list_groups(self):
        self._record("list_groups")
        return list(self.groups.values())

    def get_group(self, name):
        self._record("get_group", name)
        return self.groups.get(name)

    def list_group_members(self, name):
        self._record("list_group_members", name)
        if name not in self.groups:
            raise ApiError("HTTP 404", status=404)
        return [{"name": member} for member in sorted(self.members.get(name, ()))]

    def groups_of_user(self, name):
        self._record("groups_of_user", name)
        return [self.groups[group_name] for group_name, names in sorted(self.members.items()) if name in names]

    def list_keys(self, name):
        self._record("list_keys", name)
        return self.keys.get(name, [])

    def create_service_user(self, name):
        self._record("create_service_user", name)
        self.users[name] = user(name)
        return self.users[name]

    def set_service_user_status(self, name, status):
        self._record("set_service_user_status", name, status)
        self.users[name]["status"] = status
        return self.users[name]

    def add_group_member(self, group_name, name):
        self._record("add_group_member", group_name, name)

    def remove_group_member(self, group_name, name):
        self._record("remove_group_member", group_name, name)

    def create_group(self, name, roles):
        self._record("create_group", name, sorted(roles))
        self.groups[name] = group(name, roles)
        return self.groups[name]

    def set_group_roles(self, name, roles):
        self._record("set_group_roles", name, sorted(roles))

    def delete_group(self, name):
        self._record("delete_group", name)


def fleet(users=5, groups=2):
    names = ["svc-%d" % index for index in range(users)]
    group_names = ["g%d" % index for index in range(groups)]
    return FakeOpa(
        users=[user(name) for name in names],
        groups=[group(name) for name in group_names],
        members=dict((group_name, names[: index + 1]) for index, group_name in enumerate(group_names)),
    )


# -- reading --------------------------------------------------------------------------------


def test_memberships_are_read_per_group_when_there_are_fewer_groups_than_users():
    client = fleet(users=5, groups=2)
    current = OpaServiceUsers(client, manage_groups=True, workers=3).read_current()
    assert client.count("list_group_members") == 2 and client.count("groups_of_user") == 0
    assert current["svc-0"] == {"name": "svc-0", "status": "active", "groups": ["g0", "g1"]}
    assert current["svc-1"]["groups"] == ["g1"] and current["svc-4"]["groups"] == []


def test_memberships_are_read_per_user_when_there_are_fewer_users_than_groups():
    client = fleet(users=5, groups=9)
    current = OpaServiceUsers(client, manage_groups=True).read_current(["svc-0", "svc-1"])
    assert client.count("groups_of_user") == 2 and client.count("list_group_members") == 0
    assert current["svc-1"]["groups"] == ["g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8"]


def test_a_group_deleted_between_listing_and_member_read_has_no_members():
    client = fleet(users=3, groups=1)
    client.groups["ghost"] = group("ghost")
    real_members = client.list_group_members

    def members(name):
        if name == "ghost":
            raise ApiError("HTTP 404", status=404)
        return real_members(name)

    client.list_group_members = members
    current = OpaServiceUsers(client, manage_groups=True).read_current()
    assert current["svc-0"]["groups"] == ["g0"]


def test_without_managed_groups_views_have_no_groups_and_no_membership_is_read():
    client = fleet()
    current = OpaServiceUsers(client, manage_groups=False).read_current()
    assert current["svc-0"] == {"name": "svc-0", "status": "active"}
    assert client.count("list_groups") == 0


def test_deleted_users_are_not_part_of_the_set():
    client = FakeOpa(users=[user("gone", "DELETED", "2026-01-01T00:00:00Z"), user("here", "DISABLED")])
    resource = OpaServiceUsers(client, manage_groups=False)
    assert resource.read_current() == {"here": {"name": "here", "status": "disabled"}}
    assert list(resource.deleted) == ["gone"]


# -- desired views --------------------------------------------------------------------------

BEFORE = {"name": "svc", "status": "disabled", "groups": ["a", "b"]}


@pytest.mark.parametrize(
    "item, replace, expected",
    [
        ({"name": "svc"}, False, {"status": "disabled", "groups": ["a", "b"]}),
        ({"name": "svc"}, True, {"status": "active", "groups": []}),
        ({"name": "svc", "groups": ["c"]}, False, {"status": "disabled", "groups": ["c"]}),
        ({"name": "svc", "groups": ["c"], "append": True}, False, {"status": "disabled", "groups": ["a", "b", "c"]}),
        ({"name": "svc", "status": "active", "groups": ["b", "b"]}, True, {"status": "active", "groups": ["b"]}),
    ],
)
def test_service_user_desired_view(item, replace, expected):
    resource = OpaServiceUsers(FakeOpa(), manage_groups=True)
    assert resource.desired(item, BEFORE, replace) == dict(expected, name="svc")


def test_a_new_service_user_is_active_with_no_groups():
    resource = OpaServiceUsers(FakeOpa(), manage_groups=True)
    assert resource.desired({"name": "new"}, {}, replace=False) == {"name": "new", "status": "active", "groups": []}


def test_without_managed_groups_the_desired_view_has_no_groups():
    resource = OpaServiceUsers(FakeOpa(), manage_groups=False)
    assert resource.desired({"name": "svc"}, {"name": "svc", "status": "active"}, replace=True) == {"name": "svc", "status": "active"}


def test_deleting_a_service_user_is_a_soft_delete():
    resource = OpaServiceUsers(fleet(users=2), manage_groups=False)
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "svc-1"}, {"name": "nobody"}], "deleted")
    assert refused == []
    assert changes == [
        change("svc-1", {"name": "svc-1", "status": "active"}, {"name": "svc-1", "status": "deleted"}, "delete"),
        change("nobody", {}, {}, "none"),
    ]


# -- refusals -------------------------------------------------------------------------------


def test_a_deleted_user_cannot_be_recreated():
    client = FakeOpa(users=[user("gone", "DELETED", "2026-01-01T00:00:00Z")])
    resource = OpaServiceUsers(client, manage_groups=False)
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "gone"}], "merged")
    assert changes == []
    assert refused[0][0] == "gone" and "choose another name" in refused[0][1]


def test_deleted_users_left_out_of_the_listing_are_asked_for_once_and_only_for_new_names():
    client = FakeOpa(users=[user("gone", "DELETED", "2026-01-01T00:00:00Z"), user("here")], lists_deleted=False)
    resource = OpaServiceUsers(client, manage_groups=False)
    current = resource.read_current()
    plan_changes(resource, current, [{"name": "here"}], "merged")
    assert client.count("list_service_users") == 1
    changes, refused = plan_changes(resource, current, [{"name": "gone"}, {"name": "new"}, {"name": "other"}], "merged")
    assert [name for name, _message in refused] == ["gone"] and "choose another name" in refused[0][1]
    assert [entry["name"] for entry in changes] == ["new", "other"]
    assert client.calls.count(("list_service_users", ["DELETED"])) == 1


def test_a_group_the_run_user_belongs_to_is_never_deleted():
    client = FakeOpa(groups=[group("admins", ["pam_admin"]), group("old"), group("older")], members={"admins": {"robot"}, "old": {"svc"}})
    resource = OpaGroups(client)
    changes, refused = plan_changes(resource, resource.read_current(), [], "deleted", delete_all=True)
    changes, guarded = resource.guard(changes)
    assert [entry["name"] for entry in changes] == ["old", "older"]
    assert [name for name, _message in guarded] == ["admins"]
    assert "robot, the service user this run authenticates as" in guarded[0][1]


def test_the_group_guard_reads_nothing_when_nothing_is_deleted():
    client = FakeOpa(groups=[group("admins")], members={"admins": {"robot"}})
    resource = OpaGroups(client)
    changes, _refused = plan_changes(resource, resource.read_current(), [{"name": "admins", "roles": ["pam_admin"]}], "merged")
    assert resource.guard(changes) == (changes, [])
    assert client.count("current_user") == 0 and client.count("groups_of_user") == 0


def test_a_deleted_user_listed_under_deleted_is_already_gone():
    client = FakeOpa(users=[user("gone", "DELETED", "2026-01-01T00:00:00Z")])
    resource = OpaServiceUsers(client, manage_groups=False)
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "gone"}], "deleted")
    assert refused == [] and [entry["action"] for entry in changes] == ["none"]


def test_joining_a_group_that_does_not_exist_is_refused_naming_group_and_team():
    resource = OpaServiceUsers(fleet(users=1, groups=1), manage_groups=True)
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "svc-0", "groups": ["g0", "nope"]}], "merged")
    assert changes == []
    assert refused[0][0] == "svc-0" and "nope" in refused[0][1] and "team robots" in refused[0][1]


def test_leaving_a_group_that_is_gone_is_not_refused():
    resource = OpaServiceUsers(fleet(users=1, groups=1), manage_groups=True)
    current = resource.read_current()
    current["svc-0"]["groups"] = ["g0", "vanished"]
    changes, refused = plan_changes(resource, current, [{"name": "svc-0", "groups": ["g0"]}], "merged")
    assert refused == [] and changes[0]["after"]["groups"] == ["g0"]


def test_in_check_mode_a_missing_group_is_a_warning_and_the_membership_is_predicted():
    resource = OpaServiceUsers(fleet(users=1, groups=1), manage_groups=True, check_mode=True)
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "svc-0", "groups": ["later"]}, {"name": "new", "groups": ["later"]}], "merged")
    assert refused == []
    assert [entry["after"]["groups"] for entry in changes] == [["later"], ["later"]]
    assert len(resource.warnings) == 1
    assert "later" in resource.warnings[0] and "svc-0, new" not in resource.warnings[0] and "new, svc-0" in resource.warnings[0]


def test_missing_groups_are_asked_one_by_one_without_a_group_listing():
    # The single-resource module reads no group listing: it asks for the groups a user joins.
    client = fleet(users=1, groups=1)
    resource = OpaServiceUsers(client, manage_groups=True)
    assert resource.missing_groups(["g0", "nope"]) == ["nope"]
    assert client.count("get_group") == 2 and client.count("list_groups") == 0


# -- the guard ------------------------------------------------------------------------------


def test_the_service_user_the_run_authenticates_as_is_never_deleted():
    client = fleet(users=3)
    client.key_id = "own-key"
    client.keys = {"svc-1": [{"id": "other"}, {"id": "own-key"}], "svc-2": [{"id": "k2"}]}
    resource = OpaServiceUsers(client, manage_groups=False, workers=2)
    changes, _refused = plan_changes(resource, resource.read_current(), [{"name": "svc-0"}], "overridden")
    kept, refused = resource.guard(changes)
    assert [(entry["name"], entry["action"]) for entry in kept] == [("svc-0", "none"), ("svc-2", "delete")]
    assert [name for name, _message in refused] == ["svc-1"]
    assert "own-key" in refused[0][1] and "lock the run out" in refused[0][1]
    # Only the users to delete are looked at.
    assert sorted(call[1] for call in client.calls if call[0] == "list_keys") == ["svc-1", "svc-2"]


def test_the_guard_reads_nothing_when_nothing_is_deleted_or_no_key_is_used():
    client = fleet(users=2)
    client.key_id = "own-key"
    resource = OpaServiceUsers(client, manage_groups=False)
    assert resource.guard([change("svc-0", {}, {"name": "svc-0", "status": "active"})])[1] == []
    client.key_id = None
    deleting = [change("svc-0", {"name": "svc-0", "status": "active"}, {"name": "svc-0", "status": "deleted"}, "delete")]
    assert resource.guard(deleting) == (deleting, [])
    assert client.count("list_keys") == 0


# -- applying -------------------------------------------------------------------------------


def test_creating_a_disabled_user_in_groups_sends_create_status_and_memberships():
    client = FakeOpa()
    resource = OpaServiceUsers(client, manage_groups=True)
    resource.apply(change("new", {}, {"name": "new", "status": "disabled", "groups": ["a", "b"]}))
    assert client.calls == [
        ("create_service_user", "new"),
        ("set_service_user_status", "new", "DISABLED"),
        ("add_group_member", "a", "new"),
        ("add_group_member", "b", "new"),
    ]


def test_an_update_changes_only_the_memberships_that_differ():
    client = FakeOpa(users=[user("svc")])
    resource = OpaServiceUsers(client, manage_groups=True)
    resource.apply(change("svc", {"name": "svc", "status": "active", "groups": ["a", "b"]}, {"name": "svc", "status": "active", "groups": ["b", "c"]}))
    assert client.calls == [("add_group_member", "c", "svc"), ("remove_group_member", "a", "svc")]


def test_a_delete_sets_the_deleted_status_and_touches_no_membership():
    client = FakeOpa(users=[user("svc")])
    resource = OpaServiceUsers(client, manage_groups=True)
    resource.apply(change("svc", {"name": "svc", "status": "active", "groups": ["a"]}, {"name": "svc", "status": "deleted"}, "delete"))
    assert client.calls == [("set_service_user_status", "svc", "DELETED")]


def test_a_group_created_with_a_role_opa_refuses_at_create_gets_it_by_an_update():
    # §8: end_user cannot be given on create, only by an update.
    client = FakeOpa()
    OpaGroups(client).apply(change("ops", {}, {"name": "ops", "roles": ["end_user", "pam_admin"]}))
    assert client.calls == [("create_group", "ops", ["pam_admin"]), ("set_group_roles", "ops", ["end_user", "pam_admin"])]


def test_a_group_created_with_roles_opa_takes_at_create_needs_no_update():
    client = FakeOpa()
    OpaGroups(client).apply(change("ops", {}, {"name": "ops", "roles": ["pam_admin"]}))
    assert client.calls == [("create_group", "ops", ["pam_admin"])]


# -- groups ---------------------------------------------------------------------------------


def test_group_views_leave_out_the_roles_only_the_service_assigns():
    client = FakeOpa(groups=[group("ops", ["pam_admin", "delegated_resource_admin"]), group("old", deleted=True)])
    resource = OpaGroups(client)
    assert resource.read_current() == {"ops": {"name": "ops", "roles": ["pam_admin"]}}
    assert list(resource.deleted) == ["old"]


@pytest.mark.parametrize(
    "item, replace, expected",
    [({"name": "ops"}, False, ["pam_admin"]), ({"name": "ops"}, True, []), ({"name": "ops", "roles": ["end_user", "end_user"]}, False, ["end_user"])],
)
def test_group_desired_roles(item, replace, expected):
    assert OpaGroups.desired(item, {"name": "ops", "roles": ["pam_admin"]}, replace) == {"name": "ops", "roles": expected}


def test_reusing_the_name_of_a_deleted_group_warns():
    resource = OpaGroups(FakeOpa(groups=[group("old", deleted=True)]))
    changes, refused = plan_changes(resource, resource.read_current(), [{"name": "old"}], "merged")
    assert refused == [] and changes[0]["action"] == "create"
    assert "deleted group" in resource.warnings[0]


def test_a_role_only_the_service_assigns_is_refused():
    with pytest.raises(PlanError, match="delegated_resource_admin cannot be set"):
        check_roles(["pam_admin", "delegated_resource_admin"], "auto", "https://x.okta.com")


@pytest.mark.parametrize(
    "roles, flavor, api_host, refused",
    [
        (["access_user"], "auto", "https://acme.pam.okta.com", True),
        (["access_user"], "auto", "https://app.scaleft.com", False),
        (["pam_admin"], "asa", "https://proxy.example.com", True),
        # An unknown host (a proxy, the sandbox) accepts the roles of either flavour.
        (["pam_admin", "access_user"], "auto", "http://127.0.0.1:8080", False),
    ],
)
def test_roles_are_checked_against_the_flavour(roles, flavor, api_host, refused):
    if refused:
        with pytest.raises(PlanError, match="not known"):
            check_roles(roles, flavor, api_host, option="config[0].roles")
    else:
        check_roles(roles, flavor, api_host)
