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
import random
import string

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
    """Vault's Okta method: a username, the Okta password, and a TOTP code when MFA asks for one.

    Without a code, Okta may push to the user's Okta Verify app and Vault's login waits for the
    answer; with Okta's number challenge, Vault keeps the number at ``verify/<nonce>`` while it
    waits, so a login always sends a ``nonce`` (as the Vault CLI does, ``builtin/credential/okta/cli.go``)."""

    name = "okta"

    def __init__(self, options):
        super(OktaAuth, self).__init__(options)
        self.nonce = options.get("nonce") or new_nonce()

    def authenticate(self, client):
        mount = self.options.get("auth_mount_point") or self.name
        # Never repeated after the request went out: a second POST would push to the phone again.
        return client.login(path_of("auth", mount, "login", self.options["username"]), self.login_body(), retry_unsafe=False)

    def login_body(self):
        body = {"password": self.options["password"], "nonce": self.nonce}
        if self.options.get("totp"):
            body["totp"] = str(self.options["totp"])
        if self.options.get("provider"):
            # Vault upper-cases it and keeps only that provider's factors (path_login.go).
            body["provider"] = str(self.options["provider"]).upper()
        return body


# The Vault CLI's nonce: 20 base62 characters (go-secure-stdlib base62.MustRandom(20)).
NONCE_ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
NONCE_LENGTH = 20


def new_nonce():
    generator = random.SystemRandom()
    return "".join(generator.choice(NONCE_ALPHABET) for _position in range(NONCE_LENGTH))


# What Vault's Okta backend answers when MFA fails (backend.go), and what the person can do.
MFA_FAILURE_HINTS = (
    ("multi-factor authentication denied", "the Okta Verify push to {user} was refused on the phone (denied, or another number was tapped)"),
    (
        "failed to complete multi-factor authentication",
        "{totp_or_push}",
    ),
    (
        "exiting pending mfa challenge",
        "Vault stopped waiting for the Okta Verify push to {user} (its request time limit, max_request_duration, is 90 s by default)",
    ),
    ("nonce must be provided", "Okta asked {user} for a number challenge and the login sent no nonce"),
    ("'totp' passcode parameter is required", "{user} has a TOTP factor and no push: set totp to the current code"),
    (
        "Okta Verify Push or TOTP or Google TOTP factor is required",
        "{user} has no Okta Verify push or TOTP factor Vault can use{provider_note}",
    ),
)


def okta_mfa_hint(messages, username, totp_sent, provider=None):
    """Words a person can act on for Vault's MFA failure messages, or None for other failures."""
    text = " ".join(messages or ())
    for marker, hint in MFA_FAILURE_HINTS:
        if marker in text:
            return hint.format(
                user=username,
                totp_or_push=(
                    "Okta did not accept the TOTP code for %s (wrong or expired: use the current one)" % username
                    if totp_sent
                    else "the Okta Verify push to %s expired before anyone answered it" % username
                ),
                provider_note=" with provider=%s" % provider.upper() if provider else "",
            )
    return None


AUTH_METHODS = dict((method.name, method) for method in (AppRoleAuth, OktaAuth, TokenAuth, UserpassAuth))
