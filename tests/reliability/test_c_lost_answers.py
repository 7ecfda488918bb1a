# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenario C (issue 11, defect 2): a lost answer at each step of a rotation into Vault
(``rotate: true, keep: 1, verify_new_key: true``): create the key, write it to Vault KV v2, verify
it (a token minted with the new key), delete the old key. A lost answer means the service did the
work and the connection closed before the answer: a sandbox fault scoped to one method and path.

Targets: right after each faulted run, Vault holds a usable key (a token mints with what Vault
holds); after the next run (the same task without ``rotate``), 0 orphan keys. And (defect 5) a
task that fails after it changed the user's keys (as read from OPA) reports ``changed=true``. An orphan key is a
key of the service user that is neither the key stored in Vault nor the user's newest key (the
one a module must never delete): nobody holds its secret, yet it is still valid.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# One service user per step, so each rotation meets exactly one lost answer.
STEPS = [
    ("create key", "opa", "rel-c-create", {"methods": ["POST"], "path": r"/service_users/rel-c-create/keys$"}),
    ("Vault KV write", "vault", "rel-c-kv-write", {"methods": ["POST", "PUT"], "path": r"^/v1/secret/data/rel-c/rel-c-kv-write$"}),
    # The run mints its own token first (the login), then one with the new key: the verification.
    ("verify (token with the new key)", "opa", "rel-c-verify", {"methods": ["POST"], "path": r"/service_token$", "skip": 1}),
    ("delete old key", "opa", "rel-c-delete", {"methods": ["DELETE"], "path": r"/service_users/rel-c-delete/keys/[^/]+$"}),
]
USERS = [step[2] for step in STEPS]


def vault_key_usable(lab, user):
    """Whether the key Vault holds for ``user`` mints a token: (usable, stored key id)."""
    held = lab.vault.kv_secret("rel-c/%s" % user) or {}
    if not held.get("key_id") or not held.get("key_secret"):
        return False, None
    return lab.opa.can_mint(held["key_id"], held["key_secret"]), held["key_id"]


def orphan_keys(lab, user):
    """Keys that are neither the one stored in Vault nor the newest (see the module docstring)."""
    keys = sorted(lab.opa.keys(user), key=lambda key: key["issued_at"], reverse=True)
    _usable, stored_id = vault_key_usable(lab, user)
    newest = keys[0]["id"] if keys else None
    return ["%s: key %s" % (user, key["id"]) for key in keys if key["id"] not in (stored_id, newest)]


def test_lost_answer_at_each_rotation_step(lab, figure):
    for user in USERS:
        assert lab.opa.call("POST", "/service_users", {"name": user}).status_code == 201
    first = {"service_users": USERS, "kv_prefix": "rel-c"}
    lab.check_run(figure, "keys.yml", first)
    setup = lab.ansible.run("keys.yml", first)
    assert not setup.failed_items(), setup.failure_messages()
    assert all(vault_key_usable(lab, user)[0] for user in USERS), "the rotation without faults did not store usable keys"

    for step, service_name, user, scope in STEPS:
        service = lab.opa if service_name == "opa" else lab.vault
        fault = dict(scope, kind="lost_response", count=1)
        fault_id = service.add_faults(fault)["faults"][0]["id"]
        keys_before = set(key["id"] for key in lab.opa.keys(user))
        run = lab.ansible.run("keys.yml", {"service_users": [user], "kv_prefix": "rel-c"})
        fired = [f["fired"] for f in service.hook("GET", "faults")["faults"] if f["id"] == fault_id]
        service.clear_faults()
        assert fired == [1], "the lost answer at step %r never fired: %s" % (step, fired)
        usable, stored_id = vault_key_usable(lab, user)
        figure(
            "lost answer at %s: Vault holds a usable key" % step,
            usable,
            "True",
            usable,
            ["stored key %s; the task said: %s" % (stored_id, [m for m, _c in run.failure_messages()] or "ok")],
        )
        keys_changed = set(key["id"] for key in lab.opa.keys(user)) != keys_before
        for _task, _host, item in run.failed_items():
            if keys_changed:
                reported = item.get("changed")
                figure("lost answer at %s: the failed task, which changed keys, reports changed" % step, reported, "True", reported is True)

    next_run = lab.ansible.run("keys.yml", {"service_users": USERS, "kv_prefix": "rel-c", "rotate": False})
    orphans = [orphan for user in USERS for orphan in orphan_keys(lab, user)]
    figure("orphan keys after the next run", len(orphans), "0", not orphans, orphans)
    unusable = [user for user in USERS if not vault_key_usable(lab, user)[0]]
    figure("users whose Vault key is unusable after the next run", len(unusable), "0", not unusable, unusable + [m for m, _c in next_run.failure_messages()])
    figure.assert_targets()
