#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_groups
short_description: Map many Okta groups to Vault policies in one task
version_added: 0.1.0
description:
  - Manages the set of Okta groups in Vault's Okta auth method (C(auth/<mount_point>/groups/)) in one task, in the
    C(config) + C(state) style of Ansible's resource modules.
  - One listing and one read per group, sent concurrently; then one write per group that changes. A run that changes
    nothing sends only reads.
  - Compares as M(pamops.okta.vault_okta_group) does, which is how Vault stores groups. Names match without regard
    to case, and new ones are stored in lower case. Policies are trimmed, lower-cased, sorted and without duplicates,
    and C(root) stands alone.
author:
  - pamops.okta maintainers (@pamops)
options:
  config:
    description:
      - The groups, each as M(pamops.okta.vault_okta_group) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The Okta group's name.
        type: str
        required: true
      policies:
        description:
          - Vault policies for the group's members, a full replace.
          - Left out, with O(state=merged), a new group gets none and an existing group keeps its policies. With
            O(state=replaced) or O(state=overridden) the group gets none.
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
  - module: pamops.okta.vault_okta_group
  - module: pamops.okta.vault_okta_users
"""

EXAMPLES = r"""
- name: Every Okta group that may log in to Vault, and nothing else
  pamops.okta.vault_okta_groups:
    url: https://vault.example.com:8200
    state: overridden
    config:
      - name: vault-admins
        policies: [admins]
      - name: Developers
        policies: [dev-read, dev-write]

- name: Adopt what is there as code - print the current set in the config format
  pamops.okta.vault_okta_groups:
    state: gathered
  register: current_groups

- name: Remove two mappings
  pamops.okta.vault_okta_groups:
    state: deleted
    config:
      - name: old-team
      - name: contractors-2019
"""

RETURN = r"""
summary:
  description:
    - What the run did (predicted, in check mode) - the names of the groups created, updated, deleted and unchanged
      (at most 100 unchanged names), and C(counts) of each.
    - C(failed) names those that could not be applied (see RV(failed_items)); they are not counted as created, updated
      or deleted.
    - Names are the names Vault holds the groups under.
  returned: unless O(state=gathered)
  type: dict
  sample:
    created: [developers]
    updated: [vault-admins]
    deleted: []
    unchanged: [readers]
    failed: []
    counts: {created: 1, updated: 1, deleted: 0, unchanged: 1, failed: 0}
gathered:
  description: Every group as a O(config) item, sorted by name.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: vault-admins
      policies: [admins]
failed_items:
  description: The groups that could not be applied, and why.
  returned: when some failed
  type: list
  elements: dict
  sample:
    - name: developers
      msg: "HTTP 503 Service Unavailable: ..."
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import BULK_SPEC, OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaGroups


def main():
    module = PamopsModule(
        argument_spec=dict(
            config=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(name=dict(type="str", required=True), policies=dict(type="list", elements="str")),
            ),
            **dict(BULK_SPEC, **OKTA_MOUNT_SPEC)
        ),
        connection="vault",
        supports_check_mode=True,
    )
    mount = module.okta_mount()
    client = module.vault_client()
    groups = OktaGroups(client, mount, workers=module.params["workers"], read=module.read_in_mount)
    module.run_bulk(groups, "at %s" % mount)


if __name__ == "__main__":
    main()
