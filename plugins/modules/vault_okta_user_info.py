#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_user_info
short_description: Read the Okta user entries of Vault's Okta auth method
version_added: 0.1.0
description:
  - Reads one user entry (matched exactly, case included, as Vault does), or every entry with its groups and policies.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description: Read only this user. When not set, every user is listed and read (users whose names hold a slash are not listed by Vault).
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
- name: Every user entry
  pamops.okta.vault_okta_user_info:
  register: okta_users
"""

RETURN = r"""
users:
  description: The users found, with their groups and policies. Empty when none.
  returned: always
  type: list
  elements: dict
  sample:
    - name: alice@example.com
      groups: [on-call]
      policies: [alice-secrets]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of


def main():
    module = PamopsModule(argument_spec=dict(name=dict(type="str"), **OKTA_MOUNT_SPEC), connection="vault", supports_check_mode=True)
    base = path_of(module.okta_mount(), "users")
    client = module.vault_client()
    try:
        entries = client.read_entries(base, module.params["name"])
        found = [{"name": name, "groups": data.get("groups") or [], "policies": data.get("policies") or []} for name, data in entries]
    except ApiError as exc:
        module.fail_api(exc, "read the Okta users at %s" % module.okta_mount())
    module.exit(changed=False, users=found)


if __name__ == "__main__":
    main()
