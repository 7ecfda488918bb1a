#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_group_info
short_description: Read the Okta group entries of Vault's Okta auth method
version_added: 0.1.0
description:
  - Reads one group entry (matched without regard to case, as Vault does), or every entry with its policies.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description: Read only this group. When not set, every group is listed and read.
    type: str
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
  - pamops.okta.attributes.info_module
"""

EXAMPLES = r"""
- name: Every group mapping
  pamops.okta.vault_okta_group_info:
  register: okta_groups
"""

RETURN = r"""
groups:
  description: The groups found, with their stored names and policies. Empty when none.
  returned: always
  type: list
  elements: dict
  sample:
    - name: vault-admins
      policies: [admins]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of
from ansible_collections.pamops.okta.plugins.module_utils.vault.state import held_group_name


def main():
    module = PamopsModule(argument_spec=dict(name=dict(type="str"), **OKTA_MOUNT_SPEC), connection="vault", supports_check_mode=True)
    base = path_of(module.okta_mount(), "groups")
    client = module.vault_client()
    try:
        entries = client.read_entries(base, module.params["name"])
        if entries and module.params["name"]:
            # Found whatever the case (§3.2); the listing tells the name Vault holds it under.
            entries = [(held_group_name(module.params["name"], lambda: client.list(base)), data) for _name, data in entries]
        found = [{"name": name, "policies": data.get("policies") or []} for name, data in entries]
    except ApiError as exc:
        module.fail_api(exc, "read the Okta groups at %s" % module.okta_mount())
    module.exit(changed=False, groups=found)


if __name__ == "__main__":
    main()
