#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_login
short_description: Log in to Vault through its Okta auth method and return the token
version_added: 0.1.0
description:
  - Logs in with an Okta user name and password (and a TOTP code when Okta asks for MFA) at
    C(auth/<mount_point>/login/<username>) and returns the Vault token with its accessor,
    policies and lifetime, for later tasks to use through C(module_defaults).
  - The token is a secret. The task's output is always hidden, as if C(no_log) were set;
    the registered variable still holds the token.
  - A login changes nothing Vault manages, so the module reports no change and logs in in check mode too.
  - It takes O(username), O(password) and O(totp) from the shared Vault login options, and accepts
    the others (O(token), O(role_id) and so on) so that it works under C(module_defaults) for
    C(group/pamops.okta.vault); it ignores them, since the Okta login is its authentication.
author:
  - pamops.okta maintainers (@pamops)
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
attributes:
  check_mode:
    support: full
    details: The login happens in check mode too; it changes nothing Vault manages.
  diff_mode:
    support: N/A
    details: Nothing is changed.
"""

EXAMPLES = r"""
- name: Log in once for the play
  pamops.okta.vault_okta_login:
    url: https://vault.example.com:8200
    username: alice@example.com
    password: "{{ okta_password }}"
  no_log: true
  register: vault_login

- name: Vault tasks below use the token
  module_defaults:
    group/pamops.okta.vault:
      url: https://vault.example.com:8200
      token: "{{ vault_login.token }}"
  block:
    - name: Map a group
      pamops.okta.vault_okta_group:
        name: on-call
        policies: [on-call]
"""

RETURN = r"""
token:
  description: The Vault token (C(client_token)). A secret.
  returned: success
  type: str
accessor:
  description: The token's accessor, to look it up or revoke it without the token itself.
  returned: success
  type: str
policies:
  description: The token's policies, as Vault computed them.
  returned: success
  type: list
  elements: str
  sample: [default, on-call]
lease_duration:
  description: The token's lifetime (TTL) in seconds.
  returned: success
  type: int
  sample: 3600
renewable:
  description: Whether the token can be renewed.
  returned: success
  type: bool
metadata:
  description: The token's metadata, with the user name and the policies from its groups and user entry.
  returned: success
  type: dict
login:
  description: Vault's whole answer, as community.hashi_vault's vault_login returns it (C(login.auth.client_token)).
  returned: success
  type: dict
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.auth import OktaAuth


def main():
    module = PamopsModule(argument_spec=dict(**OKTA_MOUNT_SPEC), connection="vault", supports_check_mode=True)
    if not (module.params["username"] and module.params["password"]):
        module.fail("username and password of the Okta user are required to log in")
    options = dict(module.params, auth_mount_point=module.okta_mount()[len("auth/"):])
    client = module.vault_client(login=False)
    try:
        auth = OktaAuth(options).authenticate(client)
    except ApiError as exc:
        module.fail_api(exc, "log in as %s through auth/%s" % (module.params["username"], options["auth_mount_point"]))
    for warning in auth.pop("warnings", []):
        module.warn("Vault: %s" % warning)
    module.exit(
        changed=False,
        token=auth["client_token"],
        accessor=auth.get("accessor"),
        policies=auth.get("policies") or [],
        lease_duration=auth.get("lease_duration"),
        renewable=auth.get("renewable"),
        metadata=auth.get("metadata") or {},
        login={"auth": auth},
    )


if __name__ == "__main__":
    main()
