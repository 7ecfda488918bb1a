#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_user
short_description: Give an Okta user extra Vault groups and policies in Vault's Okta auth method
version_added: 0.1.0
description:
  - Creates, updates and deletes the Vault-side entry of an Okta user (C(auth/<mount_point>/users/<name>)),
    groups (whose policies apply as if the user were in them in Okta) and policies of its own.
  - Vault matches user names exactly, case included, and replaces the whole entry on every write,
    so the module always sends both O(groups) and O(policies).
  - Groups and policies are compared as sets of trimmed names. Vault lowercases policies only when
    it makes a token, so lower-case policy names are the safe choice.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description: The Okta user name, exactly as the user logs in.
    type: str
    required: true
  groups:
    description:
      - Vault-side groups for the user. A full replace.
      - When not set, a new user gets none and an existing user keeps its groups.
    type: list
    elements: str
  policies:
    description:
      - Policies for the user itself. A full replace.
      - When not set, a new user gets none and an existing user keeps its policies.
    type: list
    elements: str
  state:
    description: V(present) creates or updates the entry; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

EXAMPLES = r"""
- name: alice gets the on-call group and a policy of her own
  pamops.okta.vault_okta_user:
    name: alice@example.com
    groups: [on-call]
    policies: [alice-secrets]

- name: Remove her entry
  pamops.okta.vault_okta_user:
    name: alice@example.com
    state: absent
"""

RETURN = r"""
user:
  description: The user's entry after the run (predicted in check mode); empty when absent.
  returned: always
  type: dict
  sample:
    name: alice@example.com
    groups: [on-call]
    policies: [alice-secrets]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaUsers


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            groups=dict(type="list", elements="str"),
            policies=dict(type="list", elements="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **OKTA_MOUNT_SPEC
        ),
        connection="vault",
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    if not name.strip("/"):
        module.fail("name must not be empty")
    if params["state"] == "absent" and (params["groups"] is not None or params["policies"] is not None):
        module.fail("groups and policies apply only with state=present; remove them to delete the user")
    mount = module.okta_mount()
    if OktaUsers.name_problem(name):
        module.fail("name: " + OktaUsers.name_problem(name))
    users = OktaUsers(module.vault_client(), mount, read=module.read_in_mount)
    try:
        current = users.read_one(name)
        item = {"name": name, "groups": params["groups"], "policies": params["policies"]}
        change = module.plan_single(users, current, item, params["state"] == "present")
        if change["action"] != "none" and not module.check_mode:
            users.apply(change)
    except ApiError as exc:
        module.fail_api(exc, "manage Okta user %s at %s" % (name, mount))

    result = dict(changed=change["action"] != "none", user=change["after"])
    if result["changed"] and module.diff_mode:
        result["diff"] = dict(before=change["before"], after=change["after"])
    module.exit(**result)


if __name__ == "__main__":
    main()
