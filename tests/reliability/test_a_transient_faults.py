# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenario A (issue 11, defect 3): 30% of answers on both services are 5xx, dropped connections
or lost answers while a fleet converges - 6 OPA groups, 1 Okta auth mount, 60 service users each
in a group, 60 Vault Okta groups: 127 items, one module run each.

Targets: at most 5% of the items fail in that same run; with faults off, 0 duplicates and 0
orphan keys; the next run converges to exactly the desired state; the run after reports
changed=0. The state is read from OPA and Vault, never from the modules' results.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from reliability_helpers import mixed_faults

FAULT_RATE = 0.30
FLEET = {"prefix": "rel-a", "user_count": 60, "group_count": 6, "vault_group_count": 60}
# The fleet runs on 8 hosts, each taking an eighth of the items: the same 127 module runs, with
# their retry back-offs overlapping.
HOSTS = 8


def desired_state(fleet):
    prefix = fleet["prefix"]
    users = dict(
        ("%s-user-%02d" % (prefix, number), "%s-group-%d" % (prefix, number % fleet["group_count"])) for number in range(fleet["user_count"])
    )
    groups = set("%s-group-%d" % (prefix, number) for number in range(fleet["group_count"]))
    vault_groups = dict(
        ("%s-okta-group-%02d" % (prefix, number), sorted(["%s-reader" % prefix, "%s-policy-%d" % (prefix, number % 4)]))
        for number in range(fleet["vault_group_count"])
    )
    return users, groups, vault_groups, sorted(fleet.get("mounts") or ["%s-okta" % prefix])


def duplicates(names):
    seen = set()
    return sorted(set(name for name in names if name in seen or seen.add(name)))


def read_fleet(lab, fleet):
    """What OPA and Vault hold for the fleet: duplicates, orphan keys and every difference from
    the desired state, each as a list of readable findings."""
    users, groups, vault_groups, mounts = desired_state(fleet)
    prefix = fleet["prefix"]
    opa_users = lab.opa.users(prefix + "-user-")
    opa_groups = lab.opa.groups(prefix + "-group-")
    found = {"duplicates": [], "orphan keys": [], "differences": []}
    found["duplicates"] += ["user %s" % name for name in duplicates(u["name"] for u in opa_users)]
    found["duplicates"] += ["group %s" % name for name in duplicates(g["name"] for g in opa_groups)]
    memberships = {}
    for group in sorted(groups & set(g["name"] for g in opa_groups)):
        members = lab.opa.members(group)
        found["duplicates"] += ["member %s of %s" % (name, group) for name in duplicates(members)]
        for member in members:
            memberships.setdefault(member, set()).add(group)
    # The fleet creates no key, so any key on its users is one nobody asked for.
    for user in sorted(set(u["name"] for u in opa_users)):
        found["orphan keys"] += ["%s: key %s" % (user, key["id"]) for key in lab.opa.keys(user)]
    live_users = dict((u["name"], u["status"]) for u in opa_users)
    for user, group in sorted(users.items()):
        if live_users.get(user) != "ACTIVE":
            found["differences"].append("user %s is %s" % (user, live_users.get(user, "missing")))
        elif memberships.get(user, set()) != {group}:
            found["differences"].append("user %s is in %s, not [%s]" % (user, sorted(memberships.get(user, ())), group))
    found["differences"] += ["unexpected user %s" % name for name in sorted(set(live_users) - set(users))]
    live_groups = set(g["name"] for g in opa_groups if not g.get("deleted_at") or g["deleted_at"].startswith("0001-"))
    found["differences"] += ["group %s missing" % name for name in sorted(groups - live_groups)]
    live_mounts = [m for m in lab.vault.okta_mounts() if m.startswith(prefix)]
    if live_mounts != mounts:
        found["differences"].append("Okta mounts %s, not %s" % (live_mounts, mounts))
    group_mount = (fleet.get("mounts") or mounts)[0]
    stored_groups = lab.vault.okta_groups(group_mount) if group_mount in live_mounts else []
    for name, policies in sorted(vault_groups.items()):
        stored = lab.vault.okta_group(group_mount, name) if name in stored_groups else None
        if stored is None:
            found["differences"].append("Vault Okta group %s missing" % name)
        elif sorted(stored["policies"]) != policies:
            found["differences"].append("Vault Okta group %s has policies %s" % (name, stored["policies"]))
    found["differences"] += ["unexpected Vault Okta group %s" % name for name in sorted(set(stored_groups) - set(vault_groups))]
    return found


def test_converge_under_30_percent_faults(lab, figure):
    check = lab.check_run(figure, "fleet.yml", FLEET, hosts=HOSTS, forks=HOSTS)
    figure("check mode: items predicted to change", len(check.changed_items()), "127", len(check.changed_items()) == 127)

    lab.add_faults(mixed_faults(FAULT_RATE))
    faulted = lab.ansible.run("fleet.yml", FLEET, hosts=HOSTS, forks=HOSTS)
    lab.clear_faults()
    failed, total = len(faulted.failed_items()), faulted.item_count
    figure(
        "items failed in the run with %d%% faults" % (FAULT_RATE * 100),
        "%d of %d (%.1f%%)" % (failed, total, 100.0 * failed / max(total, 1)),
        "<= 5%",
        total == 127 and failed <= 0.05 * total,
        ["%d x %s" % (count, message) for count, message in ((c, m) for m, c in faulted.failure_messages())],
    )
    after_faults = read_fleet(lab, FLEET)
    figure("duplicates after the faulted run", len(after_faults["duplicates"]), "0", not after_faults["duplicates"], after_faults["duplicates"])
    figure("orphan keys after the faulted run", len(after_faults["orphan keys"]), "0", not after_faults["orphan keys"], after_faults["orphan keys"])

    converge = lab.ansible.run("fleet.yml", FLEET, hosts=HOSTS, forks=HOSTS)
    converged = read_fleet(lab, FLEET)
    figure("items failed in the next run (no faults)", len(converge.failed_items()), "0", not converge.failed_items(), converge.failure_messages())
    figure(
        "differences from the desired state after it",
        len(converged["differences"]) + len(converged["duplicates"]) + len(converged["orphan keys"]),
        "0",
        not (converged["differences"] or converged["duplicates"] or converged["orphan keys"]),
        converged["differences"] + converged["duplicates"] + converged["orphan keys"],
    )

    again = lab.ansible.run("fleet.yml", FLEET, hosts=HOSTS, forks=HOSTS)
    changed = again.changed_items()
    figure(
        "changed items in the run after (failed)",
        "%d (%d)" % (len(changed), len(again.failed_items())),
        "0 (0)",
        not changed and not again.failed_items(),
        ["%s: %s" % (task, item.get("item")) for task, _host, item in changed],
    )
    figure.assert_targets()
