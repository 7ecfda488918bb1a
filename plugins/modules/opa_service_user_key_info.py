#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_service_user_key_info
short_description: Report the API key ages, expiries and last use of Okta Privileged Access service users
version_added: 0.1.0
description:
  - Reads the API keys of one service user, or of every service user (across every page), and
    reports for each key its age, expiry and last use, and for each user a summary an audit needs.
  - With O(max_age), says which keys are older than that.
  - With O(vault), reads the key id stored in Vault KV version 2 (as M(pamops.okta.opa_service_user_key)
    stores it) and says whether Vault holds a usable key of the user, and whether it is the newest.
  - Key secrets are never returned (the API never returns them either).
author:
  - pamops.okta maintainers (@pamops)
options:
  service_user:
    description:
      - Read only this user's keys. When not set, every user matching O(starts_with) and O(status).
      - A user that does not exist gives an empty RV(service_users).
    type: str
    aliases: [name, user]
  starts_with:
    description: Only users whose name starts with this text.
    type: str
  status:
    description:
      - Only users with one of these statuses. When not set, the API's default applies (it may leave deleted users out).
    type: list
    elements: str
    choices: [active, disabled, deleted]
  max_age:
    description:
      - Flag keys issued longer ago than this (RV(service_users[].api_keys[].over_max_age)), and users with
        such a usable key (RV(service_users[].over_max_age)).
      - Seconds, or a number with a unit - V(s), V(m), V(h), V(d), V(w) - such as V(90d).
    type: str
  vault:
    description:
      - Where the keys' secrets are stored in Vault KV version 2, to compare the stored C(key_id)
        with the user's keys. Only the stored secret's C(key_id) is used; nothing is returned of it but that id.
      - The Vault token needs C(read) on C(<kv_mount>/data/<kv_path>).
    type: dict
    suboptions:
      url:
        description: URL of Vault. If not set, E(VAULT_ADDR) is used.
        type: str
      namespace:
        description: Vault namespace. If not set, E(VAULT_NAMESPACE) is used.
        type: str
      ca_cert:
        description: CA bundle for Vault's TLS certificate. If not set, E(VAULT_CACERT) is used.
        type: path
      validate_certs:
        description: Check Vault's TLS certificate. If not set, false when E(VAULT_SKIP_VERIFY) is true, else true.
        type: bool
      timeout:
        description: Seconds to wait for each answer from Vault.
        type: float
        default: 30
      retries:
        description: Retries of a Vault request that failed to connect or got HTTP 5xx.
        type: int
        default: 3
      auth_method:
        description: How to log in to Vault, as in the Vault modules.
        type: str
        choices: [approle, okta, token, userpass]
        default: token
      auth_mount_point:
        description: Where the login method is mounted, when not at its default path.
        type: str
      token:
        description: Vault token. If not set, E(VAULT_TOKEN) is used, then O(vault.token_path).
        type: str
      token_path:
        description: File holding a Vault token (default V(~/.vault-token)).
        type: path
      role_id:
        description: AppRole role ID.
        type: str
      secret_id:
        description: AppRole secret ID.
        type: str
      username:
        description: User name for the userpass and okta logins.
        type: str
      password:
        description: Password for the userpass and okta logins.
        type: str
      totp:
        description: TOTP passcode for the okta login.
        type: str
      kv_mount:
        description: Path of the KV version 2 engine.
        type: str
        default: secret
      kv_path:
        description:
          - Path of each user's secret inside the engine. C({service_user}) in it stands for the
            user's name, such as V(opa/{service_user}); it is required when more than one user is read.
        type: str
        required: true
extends_documentation_fragment:
  - pamops.okta.opa
  - pamops.okta.opa.bearer_token
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
  - pamops.okta.attributes.info_module
"""

EXAMPLES = r"""
- name: Every service user's keys, compared with the keys stored in Vault
  pamops.okta.opa_service_user_key_info:
    status: [active, disabled]
    max_age: 90d
    vault:
      url: https://vault.example.com:8200
      kv_path: opa/{service_user}
  register: key_audit

# "Which service users have keys older than 90 days, or none that Vault holds?"
- name: The users to look at
  ansible.builtin.debug:
    msg:
      older_than_90_days: "{{ key_audit.service_users | selectattr('over_max_age') | map(attribute='service_user') | list }}"
      none_in_vault: "{{ key_audit.service_users | rejectattr('stored_in_vault') | map(attribute='service_user') | list }}"
      stored_key_not_newest: >-
        {{ key_audit.service_users | selectattr('stored_in_vault') | rejectattr('stored_is_newest')
           | map(attribute='service_user') | list }}

- name: Fail the audit when any user needs attention
  ansible.builtin.assert:
    that:
      - key_audit.service_users | selectattr('over_max_age') | list | length == 0
      - key_audit.service_users | rejectattr('stored_in_vault') | list | length == 0
    fail_msg: Rotate the keys of these users with pamops.okta.opa_service_user_key (max_age and vault).

- name: One user's keys, without Vault
  pamops.okta.opa_service_user_key_info:
    service_user: svc-deploy
  register: deploy_keys
"""

RETURN = r"""
service_users:
  description: One entry per service user read, sorted by name. Empty when O(service_user) does not exist.
  returned: always
  type: list
  elements: dict
  contains:
    service_user:
      description: The user's name.
      type: str
    status:
      description: The user's status, lower case.
      type: str
      sample: active
    api_keys:
      description: The user's keys, newest first. (Not C(keys), which Jinja reads as the dict method.)
      type: list
      elements: dict
      contains:
        id:
          description: The key id.
          type: str
        issued_at:
          description: When the key was issued.
          type: str
        expires_at:
          description: When the key expires (or expired); null when it never expires.
          type: str
        last_used:
          description: When the key was last used; null when never.
          type: str
        age_days:
          description: Whole days since the key was issued; null when the API gives no issue time.
          type: int
        expired:
          description: Whether the key's expiry has passed.
          type: bool
        usable:
          description: Whether the key can still mint tokens (not expired).
          type: bool
        expires_in_days:
          description: Whole days until the key expires; null when it never expires or has expired.
          type: int
        days_since_last_use:
          description: Whole days since the key was last used; null when never used.
          type: int
        never_used:
          description: Whether the key was never used.
          type: bool
        stored_in_vault:
          description: Whether this is the key whose secret Vault holds (false without O(vault)).
          type: bool
        over_max_age:
          description: Whether the key was issued longer ago than O(max_age) (a key without an issue time counts as older).
          type: bool
          returned: when O(max_age) is set
    key_count:
      description: How many keys the user has, expired ones included.
      type: int
    usable_key_count:
      description: How many of them are not expired.
      type: int
    newest_key_id:
      description: The newest usable key; null when the user has none.
      type: str
    newest_key_age_days:
      description: Whole days since the newest usable key was issued.
      type: int
    oldest_usable_key_age_days:
      description: Whole days since the oldest usable key was issued.
      type: int
    last_used:
      description: The last use of any of the user's keys; null when none was used.
      type: str
    over_max_age:
      description: Whether any usable key of the user was issued longer ago than O(max_age).
      type: bool
      returned: when O(max_age) is set
    stored_key_id:
      description: The key id stored in Vault for the user; null when nothing is stored (or without O(vault)).
      type: str
    stored_in_vault:
      description:
        - Whether Vault holds one of the user's usable keys. False when the stored key expired or was deleted.
        - Null without O(vault).
      type: bool
    stored_is_newest:
      description: Whether the key Vault holds is the user's newest usable key. Null without O(vault).
      type: bool
  sample:
    - service_user: svc-deploy
      status: active
      key_count: 2
      usable_key_count: 2
      newest_key_id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
      newest_key_age_days: 3
      oldest_usable_key_age_days: 95
      last_used: "2026-05-02T08:00:00Z"
      over_max_age: true
      stored_key_id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
      stored_in_vault: true
      stored_is_newest: true
      api_keys:
        - id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
          issued_at: "2026-04-30T08:00:00Z"
          expires_at: null
          last_used: "2026-05-02T08:00:00Z"
          age_days: 3
          expired: false
          usable: true
          expires_in_days: null
          days_since_last_use: 0
          never_used: false
          stored_in_vault: true
          over_max_age: false
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import VAULT_AUTH_SPEC, VAULT_CONNECTION_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.key_report import user_key_report
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import user_status, utc_now
from ansible_collections.pamops.okta.plugins.module_utils.vault.kv import KvV2Secret

USER_PLACEHOLDER = "{service_user}"

VAULT_READ_SPEC = dict(VAULT_CONNECTION_SPEC, **VAULT_AUTH_SPEC)
VAULT_READ_SPEC.update(
    kv_mount=dict(type="str", default="secret"),
    kv_path=dict(type="str", required=True),
)


def stored_key_ids(module, options, user_names):
    """``{user: key id stored in Vault, or None}``; Vault is read only (one secret per user)."""
    client = module.vault_client(options=options, option_prefix="vault.")
    stored = {}
    for name in user_names:
        secret = KvV2Secret(client, options["kv_mount"], options["kv_path"].replace(USER_PLACEHOLDER, name))
        try:
            data = secret.read()
        except ApiError as exc:
            module.fail_api(exc, "read the key id stored for %s at %s" % (name, secret.data_path))
        stored[name] = (data or {}).get("key_id")
    return stored


def main():
    module = PamopsModule(
        argument_spec=dict(
            service_user=dict(type="str", aliases=["name", "user"]),
            starts_with=dict(type="str"),
            status=dict(type="list", elements="str", choices=["active", "disabled", "deleted"]),
            max_age=dict(type="str"),
            vault=dict(type="dict", options=VAULT_READ_SPEC),
        ),
        mutually_exclusive=[("service_user", "starts_with"), ("service_user", "status")],
        supports_check_mode=True,
    )
    params = module.params
    max_age_seconds = None
    if params["max_age"] is not None:
        try:
            max_age_seconds = parse_duration(params["max_age"])
        except ValueError as exc:
            module.fail("max_age: %s" % exc)
    vault = params["vault"]
    if vault and not params["service_user"] and USER_PLACEHOLDER not in vault["kv_path"]:
        module.fail("vault.kv_path must contain {service_user} when every user is read (such as opa/{service_user}), or set service_user")

    client = module.opa_client()
    try:
        if params["service_user"]:
            user = client.get_service_user(params["service_user"])
            users = [user] if user else []
        else:
            statuses = [s.upper() for s in params["status"]] if params["status"] else None
            users = client.list_service_users(starts_with=params["starts_with"], statuses=statuses)
        users = sorted(users, key=lambda u: u["name"])
        keys_of = dict((user["name"], client.list_keys(user["name"])) for user in users)
    except ApiError as exc:
        module.fail_api(exc, "read service users and their keys")

    stored = stored_key_ids(module, vault, [user["name"] for user in users]) if vault else {}
    now = utc_now()
    reports = []
    for user in users:
        report = user_key_report(user["name"], keys_of[user["name"]], now, max_age_seconds, bool(vault), stored.get(user["name"]))
        report["status"] = user_status(user)
        reports.append(report)
    module.exit(changed=False, service_users=reports)


if __name__ == "__main__":
    main()
