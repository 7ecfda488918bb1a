# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""vault_okta_user and vault_okta_users: check mode tells the truth, and Vault ends up holding
the desired users (vault-okta-api.md §2: names exact, lists trimmed and otherwise verbatim)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from expected import user_list
from harness import assert_check_mode_told_the_truth, three_runs
from strategies import VAULT_NAME_ALPHABET, comma_string, names_near, optional, policy_lists

MOUNT = "okta"


def user_names():
    """Okta user names (logins): mixed case, e-mail forms, unicode; exact and case-sensitive (§2.4).
    No "/": Vault's user listing is not recursive (§2.5), so a nested user cannot be listed."""
    plain = st.text(alphabet=VAULT_NAME_ALPHABET + "@", min_size=1, max_size=10).filter(lambda n: n not in (".", ".."))
    return st.one_of(plain, st.sampled_from(["alice", "Alice", "ALICE", "bob@example.com", "Bob@Example.com"]))


def current_users():
    return st.dictionaries(user_names(), st.tuples(policy_lists(), policy_lists()), max_size=4)


def put_users(vault, users):
    vault.fresh_mount(MOUNT)
    for name, (groups, policies) in users.items():
        vault.write("auth/%s/users/%s" % (MOUNT, quote(name, safe="")), {"groups": groups, "policies": policies})
    return held(vault)


def held(vault):
    """As the modules promise to compare them (§6.3 item 4): sets, trimmed, without empty entries."""
    return dict(
        (name, (user_list(data["groups"]), user_list(data["policies"])))
        for name, data in vault.entries(MOUNT, "users").items()
    )


def expect_write(before, name, groups, policies, replace):
    """§2.3: a full replace. The modules send both lists; one left out is kept (merged) or
    emptied (replaced, overridden)."""
    old = before.get(name, ([], []))
    after = dict(before)
    after[name] = (
        user_list(groups) if groups is not None else ([] if replace else old[0]),
        user_list(policies) if policies is not None else ([] if replace else old[1]),
    )
    return after


@st.composite
def single_examples(draw):
    current = draw(current_users())
    name = draw(names_near(set(current), user_names()))
    present = draw(st.booleans())
    groups = draw(optional(policy_lists())) if present else None
    policies = draw(optional(policy_lists())) if present else None
    return current, name, present, groups, policies, draw(comma_string(groups)) if groups else groups, draw(comma_string(policies)) if policies else policies


@given(single_examples())
def test_vault_okta_user(vault, example):
    current, name, present, groups, policies, groups_arg, policies_arg = example
    before = put_users(vault, current)
    args = dict(vault.module_args(MOUNT), name=name, state="present" if present else "absent")
    if groups_arg is not None:
        args["groups"] = groups_arg
    if policies_arg is not None:
        args["policies"] = policies_arg

    outcome = three_runs("vault_okta_user", args, [vault])

    assert_check_mode_told_the_truth(outcome)
    if present:
        expected = expect_write(before, name, groups, policies, replace=False)
    else:
        expected = dict(before)
        expected.pop(name, None)
    assert held(vault) == expected


@st.composite
def bulk_examples(draw):
    current = draw(current_users())
    state = draw(st.sampled_from(["merged", "replaced", "overridden", "deleted", "gathered"]))
    config = []
    if state != "gathered":
        names = draw(st.lists(names_near(set(current), user_names()), max_size=4, unique=True))
        for name in names:
            item = {"name": name}
            if state != "deleted":
                for field in ("groups", "policies"):
                    values = draw(optional(policy_lists()))
                    if values is not None:
                        item[field] = draw(comma_string(values))
                        item["_" + field] = values
            config.append(item)
    return current, state, config


@given(bulk_examples())
def test_vault_okta_users(vault, example):
    current, state, config = example
    before = put_users(vault, current)
    args = dict(vault.module_args(MOUNT), config=[dict((k, v) for k, v in item.items() if not k.startswith("_")) for item in config], state=state)
    if state in ("deleted", "overridden") and not config:
        args["delete_all"] = True

    outcome = three_runs("vault_okta_users", args, [vault])

    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "summary", "gathered"))
    names = [item["name"] for item in config]
    expected = dict(before)
    if state == "gathered":
        assert outcome.real["gathered"] == [
            {"name": name, "groups": before[name][0], "policies": before[name][1]} for name in sorted(before)
        ]
    elif state == "deleted":
        for name in names or list(before):
            expected.pop(name, None)
    else:
        for item in config:
            expected = expect_write(expected, item["name"], item.get("_groups"), item.get("_policies"), replace=state != "merged")
        if state == "overridden":
            expected = dict((name, value) for name, value in expected.items() if name in names)
    assert held(vault) == expected
