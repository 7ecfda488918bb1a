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
  - Logs in with an Okta user name and password at C(auth/<mount_point>/login/<username>) and
    returns the Vault token with its accessor, policies and lifetime, for later tasks to use
    through C(module_defaults).
  - When Okta asks for MFA, O(totp) answers with a one-time code, the non-interactive way (for
    Google Authenticator codes, set O(provider=GOOGLE)).
  - Without a code, Okta pushes to the user's Okta Verify app and the login waits, up to
    O(push_timeout) seconds, until the person approves. With Okta's number challenge the person
    must tap the number Vault serves at C(auth/<mount_point>/verify/<nonce>) while it waits. The
    action plugin reads it there once a second, as C(vault login -method=okta) does, and shows it on
    the controller (C(In Okta Verify on <user>'s phone, tap the number ...)), at every verbosity.
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
options:
  provider:
    description:
      - The MFA provider whose factors Vault may use, as Vault's C(provider) login field.
      - V(OKTA) for Okta Verify (push or code), V(GOOGLE) for Google Authenticator codes. When not
        set, Vault picks among all the user's factors, preferring TOTP when O(totp) is set.
    type: str
    choices: [GOOGLE, OKTA]
  push_timeout:
    description:
      - Seconds to wait for the person to answer an Okta Verify push. The login request is given
        this long to answer (instead of O(timeout)), and is never sent twice, since a second request
        would push to the phone again.
      - Vault itself stops waiting after its C(max_request_duration), 90 s by default, and Okta
        after about five minutes.
    type: float
    default: 60
  nonce:
    description:
      - The nonce Vault keeps the number challenge under (C(verify/<nonce>)).
      - Leave it unset; the action plugin makes a random one for each login, as the Vault CLI does,
        and watches it to show the number.
    type: str
notes:
  - The number challenge is read from the controller, with the task's O(url), O(namespace), O(ca_cert) and
    O(validate_certs), or the controller's E(VAULT_ADDR), E(VAULT_NAMESPACE), E(VAULT_CACERT) and E(VAULT_SKIP_VERIFY).
    When Vault cannot be reached from there, the login still works but the number is not shown (C(-vvv) says why).
attributes:
  check_mode:
    support: full
    details: The login happens in check mode too (an Okta Verify push too); it changes nothing Vault manages.
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

- name: Log in with Okta Verify; the number to tap is shown while the login waits
  pamops.okta.vault_okta_login:
    url: https://vault.example.com:8200
    username: alice@example.com
    password: "{{ okta_password }}"
    push_timeout: 90
  no_log: true
  register: vault_login
# TASK [Log in with Okta Verify; ...]
# In Okta Verify on alice@example.com's phone, tap the number 42 (the login waits up to 90 s)

- name: Log in unattended with a Google Authenticator code
  pamops.okta.vault_okta_login:
    url: https://vault.example.com:8200
    username: ci-robot@example.com
    password: "{{ okta_password }}"
    provider: GOOGLE
    totp: "{{ lookup('ansible.builtin.env', 'OKTA_TOTP') }}"
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

import time

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.auth import OktaAuth, okta_mfa_hint


def log_in(module, options):
    """Vault's ``auth`` block; a refused or unanswered MFA fails with what the person can do."""
    username = options["username"]
    action = "log in as %s through auth/%s" % (username, options["auth_mount_point"])
    # The login waits while Okta pushes to the phone: give its answer push_timeout seconds.
    client = module.vault_client(login=False, options=dict(options, timeout=options["push_timeout"]))
    started = time.monotonic()
    try:
        return OktaAuth(options).authenticate(client)
    except ApiError as exc:
        waited = time.monotonic() - started
        if exc.status is None and waited >= options["push_timeout"]:
            module.fail(
                "Failed to %s: no answer within push_timeout=%g s. If Okta pushed to %s's Okta Verify app, nobody approved it "
                "in time: approve it sooner, raise push_timeout, or log in with totp." % (action, options["push_timeout"], username),
                api_error=exc.to_dict(),
            )
        hint = okta_mfa_hint(exc.messages, username, bool(options.get("totp")), options.get("provider"))
        if hint:
            exc.hint = hint
        module.fail_api(exc, action)
    return None


def main():
    module = PamopsModule(
        argument_spec=dict(
            provider=dict(type="str", choices=["GOOGLE", "OKTA"]),
            push_timeout=dict(type="float", default=60),
            nonce=dict(type="str", no_log=False),
            **OKTA_MOUNT_SPEC
        ),
        connection="vault",
        supports_check_mode=True,
    )
    if not (module.params["username"] and module.params["password"]):
        module.fail("username and password of the Okta user are required to log in")
    if module.params["push_timeout"] <= 0:
        module.fail("push_timeout must be a positive number of seconds to wait for an Okta Verify push to be answered")
    options = dict(module.params, auth_mount_point=module.okta_mount()[len("auth/"):])
    auth = log_in(module, options)
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
