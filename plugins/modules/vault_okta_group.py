#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_group
short_description: Map an Okta group to Vault policies in Vault's Okta auth method
version_added: 0.1.0
description:
  - Creates, updates and deletes the Vault-side entry of an Okta group (C(auth/<mount_point>/groups/<name>)),
    the policies every member of that Okta group gets when logging in.
  - Vault matches group names without regard to case and stores new ones in lower case; it stores
    policies trimmed, lower-cased, sorted and without duplicates (and C(root) alone when present).
    The module compares in the same way, so V(Ops) with V([Admins, admins]) is the same as
    V(ops) with V([admins]) and reports no change.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description: The Okta group's name.
    type: str
    required: true
  policies:
    description:
      - Vault policies for the group's members. A full replace - policies not listed are removed.
      - When not set, a new group gets none and an existing group keeps its policies.
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
- name: Members of the Okta group Vault-Admins get the admins policy
  pamops.okta.vault_okta_group:
    url: https://vault.example.com:8200
    name: Vault-Admins
    policies: [admins]

- name: A second Okta mount, with an AppRole login
  pamops.okta.vault_okta_group:
    mount_point: okta-contractors
    auth_method: approle
    role_id: "{{ vault_role_id }}"
    secret_id: "{{ vault_secret_id }}"
    name: contractors
    policies: [read-only]

- name: Remove the mapping
  pamops.okta.vault_okta_group:
    name: old-team
    state: absent
"""

RETURN = r"""
group:
  description:
    - The group's entry after the run (predicted in check mode); empty when absent.
    - C(name) is the name Vault holds the group under, in the result and in the diff alike. That is the
      lower-case name for a new group, or the stored spelling of an existing entry that matches O(name)
      without regard to case (found in the group listing, or the play's spelling when the token may not
      list groups).
  returned: always
  type: dict
  sample:
    name: vault-admins
    policies: [admins]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaGroups


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            policies=dict(type="list", elements="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            **OKTA_MOUNT_SPEC
        ),
        connection="vault",
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"].strip("/")
    if not name:
        module.fail("name must not be empty")
    mount = module.okta_mount()
    if OktaGroups.name_problem(name):
        module.fail("name: " + OktaGroups.name_problem(name))
    groups = OktaGroups(module.vault_client(), mount, read=module.read_in_mount)
    try:
        # Vault finds the group whatever the case of the name (§3.2): one read tells whether it
        # exists, and the listing (only then) its stored name.
        current = groups.read_one(name)
        change = module.plan_single(groups, current, {"name": name, "policies": params["policies"]}, params["state"] == "present")
        if change["action"] != "none" and not module.check_mode:
            groups.apply(change)
    except ApiError as exc:
        module.fail_api(exc, "manage Okta group %s at %s" % (name, mount))

    result = dict(changed=change["action"] != "none", group=change["after"])
    if result["changed"] and module.diff_mode:
        result["diff"] = dict(before=change["before"], after=change["after"])
    module.exit(**result)


if __name__ == "__main__":
    main()
