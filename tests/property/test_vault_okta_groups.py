# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""vault_okta_group and vault_okta_groups: check mode tells the truth, and Vault ends up holding
the desired groups as Vault normalises them (vault-okta-api.md §3)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from hypothesis import example, given
from hypothesis import strategies as st

from expected import go_lower, group_policies, group_written
from harness import assert_check_mode_told_the_truth, three_runs
from strategies import comma_string, names_near, optional, policy_lists, vault_group_names

MOUNT = "okta"


def current_groups():
    """Groups Vault already holds, written through its API (so stored as Vault stores them)."""
    return st.dictionaries(vault_group_names(), policy_lists(), max_size=4)


def put_groups(vault, groups):
    vault.fresh_mount(MOUNT)
    for name, policies in groups.items():
        vault.write("auth/%s/groups/%s" % (MOUNT, _quote(name)), {"policies": policies})
    listing = vault.list("auth/%s/groups" % MOUNT)
    return listing, dict((name, vault.read("auth/%s/groups/%s" % (MOUNT, _quote(name)))["policies"]) for name in listing)


def _quote(name):
    from urllib.parse import quote

    return quote(name, safe="/")


def held(vault):
    return dict((name, data["policies"]) for name, data in vault.entries(MOUNT, "groups").items())


def expect_write(state_before, listing, name, policies, replace):
    """§3.3: an existing group (found as §3.2 finds it) keeps its stored name; a new one is stored
    in lower case. Policies are a full replace; left out, the module keeps them (merged) or sets
    none (replaced)."""
    after = dict(state_before)
    stored = group_written(listing, name)
    target = stored or go_lower(name)
    if policies is None and stored and not replace:
        return after, target
    after[target] = group_policies(policies)
    return after, target


# -- the single-resource module --------------------------------------------------------------


@st.composite
def single_examples(draw):
    current = draw(current_groups())
    name = draw(names_near(set(current), vault_group_names()))
    present = draw(st.booleans())
    policies = draw(optional(policy_lists())) if present else None
    policies_arg = draw(comma_string(policies)) if policies else policies
    return current, name, present, policies, policies_arg


@given(single_examples())
# Shrunk failures, kept as regression cases: Python's lower() of U+0130 (bug 1).
@example(({}, "0", True, ["\u0130nfra"], ["\u0130nfra"]))
# A name Vault's lookup misses but stores in lower case: "İ" is stored as "i" (bug 2).
@example(({"\u0130": []}, "\u0130", True, None, None))
def test_vault_okta_group(vault, example):
    current, name, present, policies, policies_arg = example
    listing, before = put_groups(vault, current)
    args = dict(vault.module_args(MOUNT), name=name, state="present" if present else "absent")
    if policies_arg is not None:
        args["policies"] = policies_arg

    outcome = three_runs("vault_okta_group", args, [vault])

    assert_check_mode_told_the_truth(outcome)
    if present:
        expected, _target = expect_write(before, listing, name, policies, replace=False)
    else:
        expected = dict(before)
        expected.pop(group_written(listing, name), None)
    assert held(vault) == expected


# -- the bulk module ---------------------------------------------------------------------------


@st.composite
def bulk_examples(draw):
    current = draw(current_groups())
    state = draw(st.sampled_from(["merged", "replaced", "overridden", "deleted", "gathered"]))
    config = []
    if state != "gathered":
        for _index in range(draw(st.integers(0, 4))):
            item = {"name": draw(names_near(set(current), vault_group_names()))}
            policies = draw(optional(policy_lists())) if state != "deleted" else None
            if policies is not None:
                item["policies"] = draw(comma_string(policies))
                item["_policies"] = policies
            config.append(item)
    # An empty config that deletes everything must say so (the bulk doc fragment).
    delete_all = state in ("deleted", "overridden") and not config
    return current, state, config, delete_all


@given(bulk_examples())
def test_vault_okta_groups(vault, example):
    current, state, config, delete_all = example
    listing, before = put_groups(vault, current)
    module_config = [dict((k, v) for k, v in item.items() if not k.startswith("_")) for item in config]
    args = dict(vault.module_args(MOUNT), config=module_config, state=state)
    if delete_all:
        args["delete_all"] = True

    # The objects the items designate: two items naming one group is the user's mistake, refused.
    targets = [group_written(listing, item["name"]) or go_lower(item["name"]) for item in config]
    if len(set(targets)) < len(targets):
        outcome = three_runs("vault_okta_groups", args, [vault])
        assert outcome.check.get("failed") and outcome.real.get("failed"), (outcome.check, outcome.real)
        assert outcome.check["msg"] == outcome.real["msg"]
        assert "twice" in outcome.real["msg"]
        assert outcome.check_writes == [] and outcome.real_writes == []
        assert held(vault) == before
        return

    outcome = three_runs("vault_okta_groups", args, [vault])

    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "summary", "gathered"))
    expected = dict(before)
    if state == "gathered":
        assert outcome.real["gathered"] == [{"name": name, "policies": before[name]} for name in sorted(before)]
    elif state == "deleted":
        for target in targets if config else list(before):
            expected.pop(target, None)
    else:
        for item in config:
            expected, _target = expect_write(expected, listing, item["name"], item.get("_policies"), replace=state != "merged")
        if state == "overridden":
            expected = dict((name, policies) for name, policies in expected.items() if name in targets)
    assert held(vault) == expected
