# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenario B (issue 11, defect 1): a service user S rotates its own key with the key itself
(``key_id``/``key_secret`` of S), ``rotate: true, keep: 1``, without and with ``vault``.

S may manage keys because it sits in a group with ``pam_admin``: the sandbox lets only that role
write in OPA (sandbox/README.md, "who may do what"). Targets: the task succeeds; S mints a token
with the key it now holds (the registered ``secret``, or what Vault holds); the old key gets 401.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest

ADMIN_GROUP = "rel-b-self-admins"


def create_self_managing_user(lab, name):
    """S, in a pam_admin group, with one key; set up through the API (not under test here)."""
    opa = lab.opa
    if opa.call("GET", "/groups/%s" % ADMIN_GROUP).status_code == 404:
        assert opa.call("POST", "/groups", {"name": ADMIN_GROUP, "roles": ["pam_admin"]}).status_code == 201
    assert opa.call("POST", "/service_users", {"name": name}).status_code == 201
    assert opa.call("POST", "/groups/%s/users" % ADMIN_GROUP, {"name": name}).status_code == 204
    answer = opa.call("POST", "/service_users/%s/keys" % name, {})
    assert answer.status_code == 200, answer.text
    return answer.json()["id"], answer.json()["secret"]


@pytest.mark.parametrize("with_vault", [False, True], ids=["returned-secret", "vault"])
def test_self_rotation_keep_one(lab, figure, with_vault, tmp_path):
    user = "rel-b-self-vault" if with_vault else "rel-b-self"
    old_key_id, old_secret = create_self_managing_user(lab, user)
    extra_vars = {"service_users": [user], "own_key_id": old_key_id, "own_key_secret": old_secret, "result_dir": str(tmp_path)}
    if with_vault:
        extra_vars["kv_prefix"] = "rel-b"
        lab.vault.call("POST", "secret/data/rel-b/%s" % user, {"data": {"key_id": old_key_id, "key_secret": old_secret}})

    lab.check_run(figure, "keys.yml", extra_vars)
    run = lab.ansible.run("keys.yml", extra_vars)
    failures = run.failure_messages()
    figure("self-rotation task failed", len(failures), "0", run.rc == 0 and not failures, ["%s x %s" % (c, m) for m, c in failures])

    if with_vault:
        held = lab.vault.kv_secret("rel-b/%s" % user) or {}
        source = "Vault"
    else:
        path = os.path.join(str(tmp_path), "%s.json" % user)
        held = json.load(open(path)) if os.path.exists(path) else {}
        source = "the registered secret"
    held_key_id, held_secret = held.get("key_id"), held.get("key_secret")
    minted = lab.opa.mint(held_key_id, held_secret).status_code if held_key_id and held_secret else None
    figure(
        "S mints a token with the key it now holds (%s)" % source,
        minted if minted else "no key held",
        "200",
        minted == 200,
    )
    figure("S's new key differs from the old one", held_key_id != old_key_id, "True", held_key_id != old_key_id)
    old_status = lab.opa.mint(old_key_id, old_secret).status_code
    figure("the old key mints", old_status, "401", old_status == 401)
    keys = [key["id"] for key in lab.opa.keys(user)]
    figure("S's keys after the run", len(keys), "1 (keep: 1)", len(keys) == 1, keys)
    figure.assert_targets()
