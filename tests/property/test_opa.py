# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""opa_group, opa_groups, opa_service_user and opa_service_users: check mode tells the truth, and
OPA ends up holding the desired groups and users (opa-api.md §3, §8)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from hypothesis import example, given
from hypothesis import strategies as st

from expected import OPA_ROLES
from harness import assert_check_mode_told_the_truth, three_runs
from strategies import comma_string, names_near, optional

ADMIN_USER = "sandbox-admin"
ADMIN_GROUP = "sandbox-admins"
SEEDED = {ADMIN_USER, ADMIN_GROUP}


def _not_seeded(name):
    return name not in SEEDED


# Names within the sandbox's rules (a simulator choice, opa-api.md names none): 1-100 characters,
# letters, digits, ".", "_", "-" (and spaces in group names), starting with a letter or digit.
# Long names sit at the 100-character limit.
def group_names():
    short = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9 ._-]{0,10}\Z")
    longest = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9 ._-]{99}\Z")
    return st.one_of(short, short, short, longest).filter(_not_seeded)


def user_names():
    short = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,10}\Z")
    longest = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{99}\Z")
    return st.one_of(short, short, short, longest).filter(_not_seeded)


def role_lists():
    """Roles with duplicates, in any order, empty (§8: a set)."""
    return st.lists(st.sampled_from(OPA_ROLES), max_size=5)


def current_groups():
    return st.dictionaries(group_names(), role_lists(), max_size=4)


@st.composite
def current_users(draw, groups):
    """Service users: status, and memberships among the given groups."""
    names = draw(st.lists(user_names(), max_size=4, unique=True))
    group_names_ = sorted(groups)
    users = {}
    for name in names:
        status = draw(st.sampled_from(["ACTIVE", "ACTIVE", "DISABLED", "DELETED"]))
        member_of = draw(st.lists(st.sampled_from(group_names_), unique=True)) if group_names_ and status != "DELETED" else []
        users[name] = (status, sorted(member_of))
    return users


def put_state(opa, groups, users=None):
    opa.reset()
    for name, roles in groups.items():
        opa.create_group(name, sorted(set(roles)))
    for name, (status, member_of) in (users or {}).items():
        opa.create_user(name)
        for group in member_of:
            opa.add_member(group, name)
        if status != "ACTIVE":
            opa.call("PUT", "/service_users/%s" % name, json={"name": name, "status": status}, expected=(200,))


def base_args(opa):
    return dict(opa.module_args(), flavor="opa")


# -- groups ------------------------------------------------------------------------------------


def expect_group(before, name, roles, replace):
    """§8: roles are a set; left out, kept (merged) or emptied (replaced)."""
    after = dict(before)
    if roles is not None:
        after[name] = sorted(set(roles))
    elif replace or name not in before:
        after[name] = []
    return after


@st.composite
def group_examples(draw):
    current = draw(current_groups())
    name = draw(names_near(set(current), group_names()).filter(_not_seeded))
    present = draw(st.booleans())
    roles = draw(optional(role_lists())) if present else None
    return current, name, present, roles, draw(comma_string(roles)) if roles else roles


@given(group_examples())
def test_opa_group(opa, example):
    current, name, present, roles, roles_arg = example
    put_state(opa, current)
    before = opa.groups()
    args = dict(base_args(opa), name=name, state="present" if present else "absent")
    if roles_arg is not None:
        args["roles"] = roles_arg

    outcome = three_runs("opa_group", args, [opa])

    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "group"))
    if present:
        expected = expect_group(before, name, roles, replace=False)
    else:
        expected = dict(before)
        expected.pop(name, None)
    assert opa.groups() == expected


@st.composite
def groups_bulk_examples(draw):
    current = draw(current_groups())
    state = draw(st.sampled_from(["merged", "replaced", "overridden", "deleted", "gathered"]))
    config = []
    if state != "gathered":
        names = draw(st.lists(names_near(set(current), group_names()).filter(_not_seeded), min_size=1 if state == "deleted" else 0, max_size=4, unique=True))
        for name in names:
            item = {"name": name}
            roles = draw(optional(role_lists())) if state != "deleted" else None
            if roles is not None:
                item["roles"] = draw(comma_string(roles))
                item["_roles"] = roles
            config.append(item)
    if state == "overridden":
        # The run's own admin group stays, as any real override file lists it.
        config.append({"name": ADMIN_GROUP, "roles": ["pam_admin"], "_roles": ["pam_admin"]})
    return current, state, config


@given(groups_bulk_examples())
def test_opa_groups(opa, example):
    current, state, config = example
    put_state(opa, current)
    before = opa.groups()
    args = dict(base_args(opa), config=[dict((k, v) for k, v in item.items() if not k.startswith("_")) for item in config], state=state)

    outcome = three_runs("opa_groups", args, [opa])

    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "summary", "gathered"))
    names = [item["name"] for item in config]
    expected = dict(before)
    if state == "gathered":
        assert outcome.real["gathered"] == [{"name": name, "roles": before[name]} for name in sorted(before)]
    elif state == "deleted":
        for name in names:
            expected.pop(name, None)
    else:
        for item in config:
            expected = expect_group(expected, item["name"], item.get("_roles"), replace=state != "merged")
        if state == "overridden":
            expected = dict((name, roles) for name, roles in expected.items() if name in names)
    assert opa.groups() == expected


# -- service users -------------------------------------------------------------------------------


def expect_user(before, name, status, groups, append, replace):
    """§3.4, §3.6, §8: status as set (a new user is ACTIVE); groups as listed, or added to with
    append; left out, kept (merged) or emptied (replaced)."""
    old_status, old_groups = before.get(name, ("ACTIVE", []))
    new_status = status.upper() if status else ("ACTIVE" if replace else old_status)
    if groups is not None:
        new_groups = sorted(set(groups) | (set(old_groups) if append else set()))
    else:
        new_groups = [] if replace else old_groups
    after = dict(before)
    after[name] = (new_status, new_groups)
    return after


def user_item(draw, current, groups, state_name):
    name = draw(names_near(set(current), user_names()).filter(_not_seeded))
    item = {"name": name}
    if state_name in ("deleted", "absent"):
        return item
    status = draw(optional(st.sampled_from(["active", "disabled"])))
    if status:
        item["status"] = status
    if groups:
        member_of = draw(optional(st.lists(st.sampled_from(sorted(groups)), max_size=4)))
        if member_of is not None:
            item["groups"] = draw(comma_string(member_of))
            item["_groups"] = member_of
            if state_name in ("merged", "present") and draw(st.booleans()):
                item["append"] = True
    return item


@st.composite
def user_examples(draw):
    groups = draw(current_groups())
    users = draw(current_users(groups))
    present = draw(st.booleans())
    return groups, users, present, user_item(draw, users, groups, "present" if present else "absent")


def held_users(opa):
    """Deleted users by status alone: what happens to a deleted user's memberships is not documented."""
    return dict((name, (status, groups if status != "DELETED" else [])) for name, (status, groups) in opa.users().items())


@given(user_examples())
def test_opa_service_user(opa, example):
    groups, users, present, item = example
    put_state(opa, groups, users)
    before = held_users(opa)
    args = dict(opa.module_args(), state="present" if present else "absent", **dict((k, v) for k, v in item.items() if not k.startswith("_")))
    name = item["name"]

    outcome = three_runs("opa_service_user", args, [opa])

    if present and before.get(name, ("",))[0] == "DELETED":
        # §3.5: a deleted user's name stays reserved; both runs refuse, saying so, and send nothing.
        assert outcome.check.get("failed") and outcome.real.get("failed")
        assert outcome.check["msg"] == outcome.real["msg"] and "deleted" in outcome.real["msg"]
        assert outcome.check_writes == [] and outcome.real_writes == []
        assert held_users(opa) == before
        return
    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "groups"))
    if present:
        expected = expect_user(before, name, item.get("status"), item.get("_groups"), item.get("append"), replace=False)
    else:
        expected = dict(before)
        if name in expected:
            expected[name] = ("DELETED", [])
    assert held_users(opa) == expected


@st.composite
def users_bulk_examples(draw):
    groups = draw(current_groups())
    users = draw(current_users(groups))
    state = draw(st.sampled_from(["merged", "replaced", "overridden", "deleted", "gathered"]))
    config = []
    if state != "gathered":
        seen = set()
        for _index in range(draw(st.integers(1 if state == "deleted" else 0, 4))):
            item = user_item(draw, users, groups, state)
            if item["name"] not in seen:
                seen.add(item["name"])
                config.append(item)
    if state == "overridden":
        config.append({"name": ADMIN_USER, "status": "active", "groups": [ADMIN_GROUP], "_groups": [ADMIN_GROUP]})
    return groups, users, state, config


@given(users_bulk_examples())
# A deleted user's reserved name, which a plain listing leaves out, was planned as a create: check
# mode said "created", the real run got 409 (found here; fixed on main at the same time, 14381e0).
@example(({}, {"0": ("DELETED", [])}, "merged", [{"name": "0"}]))
def test_opa_service_users(opa, example):
    groups, users, state, config = example
    put_state(opa, groups, users)
    before = held_users(opa)
    args = dict(opa.module_args(), config=[dict((k, v) for k, v in item.items() if not k.startswith("_")) for item in config], state=state)

    outcome = three_runs("opa_service_users", args, [opa])

    refused = [item["name"] for item in config if state != "deleted" and before.get(item["name"], ("",))[0] == "DELETED"]
    if refused:
        # §3.5: items naming a deleted user are refused, in check mode as in the real run.
        assert outcome.check.get("failed") and outcome.real.get("failed")
        assert sorted(entry["name"] for entry in outcome.real["failed_items"]) == sorted(refused)
        assert outcome.check["failed_items"] == outcome.real["failed_items"]
        assert outcome.check.get("summary") == outcome.real.get("summary")
        assert outcome.check_writes == []
        return
    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "summary", "gathered"))
    names = [item["name"] for item in config]
    expected = dict(before)
    if state == "gathered":
        live = [name for name in sorted(before) if before[name][0] != "DELETED"]
        assert outcome.real["gathered"] == [{"name": name, "status": before[name][0].lower(), "groups": before[name][1]} for name in live]
    elif state == "deleted":
        for name in names:
            if name in expected:
                expected[name] = ("DELETED", [])
    else:
        for item in config:
            expected = expect_user(expected, item["name"], item.get("status"), item.get("_groups"), item.get("append"), replace=state != "merged")
        if state == "overridden":
            expected = dict((name, value if name in names else ("DELETED", [])) for name, value in expected.items())
    assert held_users(opa) == expected
