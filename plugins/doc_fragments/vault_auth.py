# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How a Vault module logs in; option names follow community.hashi_vault.
    DOCUMENTATION = r"""
options:
  auth_method:
    description:
      - How to authenticate to Vault. The module logs in at most once per run.
      - V(token) uses O(token), then E(VAULT_TOKEN), then the file the Vault CLI writes (O(token_path)).
      - V(approle) logs in with O(role_id) and O(secret_id).
      - V(userpass) and V(okta) log in with O(username) and O(password); V(okta) also sends O(totp) when set.
      - If not set, the environment variable E(VAULT_AUTH_METHOD) is used, then E(ANSIBLE_HASHI_VAULT_AUTH_METHOD), then V(token).
      - The Vault CLI has no variables for the login options (this one, O(auth_mount_point), O(role_id), O(secret_id),
        O(username), O(password)). Each reads E(VAULT_<OPTION>) first, which an AWX credential type may set
        (AWX refuses to inject E(ANSIBLE_*) variables), then the E(ANSIBLE_HASHI_VAULT_*) name community.hashi_vault reads.
    type: str
    choices: [approle, okta, token, userpass]
    default: token
  auth_mount_point:
    description:
      - Where the login method is mounted, when not at its default path (V(approle), V(userpass) or V(okta)).
      - If not set, the environment variable E(VAULT_AUTH_MOUNT_POINT) is used, then E(ANSIBLE_HASHI_VAULT_MOUNT_POINT).
    type: str
  token:
    description:
      - Vault token, for O(auth_method=token).
      - If not set, the environment variable E(VAULT_TOKEN) is used, then the file at O(token_path).
    type: str
  token_path:
    description:
      - File holding a token, read when O(auth_method=token) and no token is given otherwise.
      - When not set, V(~/.vault-token), where C(vault login) keeps its token.
    type: path
  role_id:
    description:
      - AppRole role ID, for O(auth_method=approle).
      - If not set, the environment variable E(VAULT_ROLE_ID) is used, then E(ANSIBLE_HASHI_VAULT_ROLE_ID).
    type: str
  secret_id:
    description:
      - AppRole secret ID, for O(auth_method=approle).
      - If not set, the environment variable E(VAULT_SECRET_ID) is used, then E(ANSIBLE_HASHI_VAULT_SECRET_ID).
    type: str
  username:
    description:
      - User name, for O(auth_method=userpass) and O(auth_method=okta).
      - If not set, the environment variable E(VAULT_USERNAME) is used, then E(ANSIBLE_HASHI_VAULT_USERNAME).
    type: str
  password:
    description:
      - Password, for O(auth_method=userpass) and O(auth_method=okta).
      - If not set, the environment variable E(VAULT_PASSWORD) is used, then E(ANSIBLE_HASHI_VAULT_PASSWORD).
    type: str
  totp:
    description: A one-time passcode from the user's Okta TOTP factor, for O(auth_method=okta) when Okta asks for MFA.
    type: str
notes:
  - To log in once for a whole play, use M(pamops.okta.vault_okta_login) (or any login) and pass its token
    through C(module_defaults) with C(group/pamops.okta.vault).
"""
