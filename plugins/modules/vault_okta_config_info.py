#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_config_info
short_description: Read the configuration of Vault's Okta auth method
version_added: 0.1.0
description:
  - Reads C(auth/<mount_point>/config). Vault never returns the Okta API token.
author:
  - pamops.okta maintainers (@pamops)
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
  - pamops.okta.attributes.info_module
"""

EXAMPLES = r"""
- name: Read the Okta config
  pamops.okta.vault_okta_config_info:
  register: okta_config
"""

RETURN = r"""
configured:
  description: Whether the mount has a config yet.
  returned: always
  type: bool
config:
  description: The config as Vault returns it (durations in seconds); empty when not configured.
  returned: always
  type: dict
  sample:
    org_name: example
    organization: example
    bypass_okta_mfa: false
    token_ttl: 3600
    token_policies: [okta-users]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of


def main():
    module = PamopsModule(argument_spec=dict(**OKTA_MOUNT_SPEC), connection="vault", supports_check_mode=True)
    client = module.vault_client()
    try:
        config = client.read(path_of(module.okta_mount(), "config"))
    except ApiError as exc:
        module.fail_api(exc, "read the Okta config at %s" % module.okta_mount())
    module.exit(changed=False, configured=config is not None, config=config or {})


if __name__ == "__main__":
    main()
