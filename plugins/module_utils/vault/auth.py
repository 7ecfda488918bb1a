# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How a Vault module authenticates: one small class per method.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

``validate`` checks the options without the network and returns what is missing, in words a
user can act on; ``authenticate`` logs in (at most once per module run).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of


class TokenAuth:
    name = "token"

    def __init__(self, options):
        self.options = options

    def token(self):
        """The token option (or VAULT_TOKEN), else the file the Vault CLI keeps (~/.vault-token)."""
        if self.options.get("token"):
            return self.options["token"]
        token_file = os.path.expanduser(self.options.get("token_path") or "~/.vault-token")
        try:
            with open(token_file) as handle:
                return handle.read().strip() or None
        except (IOError, OSError):
            return None

    def validate(self):
        if not self.token():
            return "auth_method=token needs a token: set token, VAULT_TOKEN, or log in with the Vault CLI (~/.vault-token)"
        return None

    def authenticate(self, client):
        client.token = self.token()
        return None


class AppRoleAuth:
    name = "approle"

    def __init__(self, options):
        self.options = options

    def validate(self):
        if not self.options.get("role_id"):
            return "auth_method=approle needs role_id (and secret_id, unless the role does not require one)"
        return None

    def authenticate(self, client):
        body = {"role_id": self.options["role_id"]}
        if self.options.get("secret_id"):
            body["secret_id"] = self.options["secret_id"]
        return client.login(path_of("auth", self.options.get("auth_mount_point") or "approle", "login"), body)


class UserpassAuth:
    name = "userpass"

    def __init__(self, options):
        self.options = options

    def validate(self):
        if not (self.options.get("username") and self.options.get("password")):
            return "auth_method=%s needs username and password" % self.name
        return None

    def authenticate(self, client):
        mount = self.options.get("auth_mount_point") or self.name
        return client.login(path_of("auth", mount, "login", self.options["username"]), self.login_body())

    def login_body(self):
        return {"password": self.options["password"]}


class OktaAuth(UserpassAuth):
    """Vault's Okta method: a username, the Okta password, and a TOTP code when MFA asks for one."""

    name = "okta"

    def login_body(self):
        body = {"password": self.options["password"]}
        if self.options.get("totp"):
            body["totp"] = str(self.options["totp"])
        return body


AUTH_METHODS = dict((method.name, method) for method in (AppRoleAuth, OktaAuth, TokenAuth, UserpassAuth))
