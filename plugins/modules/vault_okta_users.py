#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_users
short_description: Give many Okta users Vault groups and policies of their own in one task
version_added: 0.1.0
description:
  - Manages the set of Okta users in Vault's Okta auth method (C(auth/<mount_point>/users/)) in one task, in the
    C(config) + C(state) style of Ansible's resource modules. These are Vault-side overrides, the local groups and
    policies a user gets on top of what its Okta groups give.
  - One listing and one read per user, sent concurrently; then one write per user that changes. A run that changes
    nothing sends only reads.
  - Compares as M(pamops.okta.vault_okta_user) does, which is how Vault stores users. Names match exactly (Vault's
    user names are case-sensitive), and groups and policies are trimmed and compared as sets.
author:
  - pamops.okta maintainers (@pamops)
options:
  config:
    description:
      - The users, each as M(pamops.okta.vault_okta_user) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The Okta user name, exactly as users log in with it.
        type: str
        required: true
      groups:
        description:
          - Vault-side groups of the user (looked up in C(auth/<mount_point>/groups/)), a full replace.
          - Left out, with O(state=merged), a new user gets none and an existing user keeps its groups. With
            O(state=replaced) or O(state=overridden) the user gets none.
        type: list
        elements: str
      policies:
        description:
          - Vault policies of the user, a full replace. Left out, as for O(config[].groups).
        type: list
        elements: str
extends_documentation_fragment:
  - pamops.okta.bulk
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
seealso:
  - module: pamops.okta.vault_okta_user
  - module: pamops.okta.vault_okta_groups
"""

EXAMPLES = r"""
- name: The users with Vault-side overrides, and no others
  pamops.okta.vault_okta_users:
    url: https://vault.example.com:8200
    state: overridden
    config:
      - name: alice@example.com
        policies: [alice-secrets]
      - name: bob@example.com
        groups: [oncall]

- name: Adopt what is there as code - print the current set in the config format
  pamops.okta.vault_okta_users:
    state: gathered
  register: current_users

- name: Remove the overrides of everyone, confirmed
  pamops.okta.vault_okta_users:
    state: deleted
    delete_all: true
"""

RETURN = r"""
summary:
  description:
    - What the run did (predicted, in check mode) - the names of the users created, updated, deleted and unchanged
      (at most 100 unchanged names), and C(counts) of each.
    - C(failed) names those that could not be applied (see RV(failed_items)); they are not counted as created, updated
      or deleted.
  returned: unless O(state=gathered)
  type: dict
  sample:
    created: [alice@example.com]
    updated: [bob@example.com]
    deleted: []
    unchanged: [carol@example.com]
    failed: []
    counts: {created: 1, updated: 1, deleted: 0, unchanged: 1, failed: 0}
gathered:
  description: Every user as a O(config) item, sorted by name.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: alice@example.com
      groups: []
      policies: [alice-secrets]
failed_items:
  description: The users that could not be applied, and why.
  returned: when some failed
  type: list
  elements: dict
  sample:
    - name: alice@example.com
      msg: "HTTP 503 Service Unavailable: ..."
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import BULK_SPEC, OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaUsers


def main():
    module = PamopsModule(
        argument_spec=dict(
            config=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(
                    name=dict(type="str", required=True),
                    groups=dict(type="list", elements="str"),
                    policies=dict(type="list", elements="str"),
                ),
            ),
            **dict(BULK_SPEC, **OKTA_MOUNT_SPEC)
        ),
        connection="vault",
        supports_check_mode=True,
    )
    mount = module.okta_mount()
    client = module.vault_client()
    users = OktaUsers(client, mount, workers=module.params["workers"], read=module.read_in_mount)
    module.run_bulk(users, "at %s" % mount)


if __name__ == "__main__":
    main()
