#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_service_user_key
short_description: Ensure, rotate and prune the API keys of an Okta Privileged Access service user
version_added: 0.1.0
description:
  - Makes sure a service user has a usable API key, rotates it when it is too old or when asked,
    keeps at most a given number of keys, and deletes keys.
  - B(Creating a key is not repeatable.) Every key the service creates has a new secret, shown
    once, and creating one puts an expiry on the user's older keys. So the module creates a key
    only when the user has no unexpired key, when the newest key is older than O(max_age), or
    when O(rotate=true). A second run with the same options therefore changes nothing.
  - The secret of a new key goes straight into Vault with O(vault) and is then not returned at all.
    Without O(vault) it is returned once, in RV(secret); the task's output is then hidden, as if
    C(no_log) were set, while the registered variable keeps the secret - store it at once.
  - Keys and their expiry are reported by id; secrets never appear in RV(api_keys) or in the diff.
author:
  - pamops.okta maintainers (@pamops)
options:
  service_user:
    description:
      - Name of the service user whose keys are managed. With O(state=present) it must exist and
        not be deleted (in check mode a missing user gives a warning and the prediction for a user
        without keys); with O(state=absent) a missing user simply has no keys.
    type: str
    required: true
    aliases: [user]
  state:
    description:
      - V(present) makes sure a usable key exists (and applies O(rotate), O(max_age) and O(keep)).
      - V(absent) deletes the key O(delete_key_id), or every key of the user when O(delete_key_id) is not set.
    type: str
    choices: [present, absent]
    default: present
  rotate:
    description:
      - Create a new key even if a usable one exists. Not idempotent by design - every run with
        V(true) creates a key. Use O(max_age) for rotation that repeats safely.
    type: bool
    default: false
  max_age:
    description:
      - Create a new key when the newest usable key was issued longer ago than this.
      - Seconds, or a number with a unit - V(s), V(m), V(h), V(d), V(w) - such as V(90d) or V(12h).
    type: str
  keep:
    description:
      - After any new key is created, keep at most this many keys (the newest, by issue time)
        and delete the rest, expired or not. The newest key is never deleted.
      - When not set, no key is deleted and older keys run out at the expiry the service sets
        when a key is rotated.
    type: int
  verify_new_key:
    description:
      - After creating a key, mint a token with it, and fail (deleting no older key) if that does not work.
    type: bool
    default: false
  vault:
    description:
      - Store a new key in Vault's KV version 2 engine instead of returning its secret. The secret
        then never enters Ansible's results, registers or logs.
      - The secret holds C(key_id), C(key_secret), C(team), C(api_host) and C(service_user); its custom
        metadata holds O(vault.custom_metadata) plus the user, team, key id, issue and expiry times.
      - With it, "a usable key exists" means "the key stored in Vault is usable" - a usable key whose
        secret is not in Vault counts for nothing, and a new one is made and stored.
      - Before creating a key the module checks that the token may write the secret; if the write
        still fails, the new key is deleted again.
      - With O(state=absent) (and no O(delete_key_id)), the stored secret is deleted with the keys, every version and its metadata.
      - The connection and login suboptions are those of the Vault modules, with the same environment variables.
    type: dict
    suboptions:
      url:
        description:
          - URL of Vault.
          - If not set, E(VAULT_ADDR) is used.
        type: str
      namespace:
        description:
          - Vault namespace.
          - If not set, E(VAULT_NAMESPACE) is used.
        type: str
      ca_cert:
        description:
          - CA bundle for Vault's TLS certificate.
          - If not set, E(VAULT_CACERT) is used.
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
        description:
          - How to log in to Vault, as in the Vault modules.
          - If not set, E(VAULT_AUTH_METHOD) is used, then E(ANSIBLE_HASHI_VAULT_AUTH_METHOD), then V(token).
        type: str
        choices: [approle, okta, token, userpass]
        default: token
      auth_mount_point:
        description:
          - Where the login method is mounted, when not at its default path.
          - If not set, E(VAULT_AUTH_MOUNT_POINT) is used, then E(ANSIBLE_HASHI_VAULT_MOUNT_POINT).
        type: str
      token:
        description:
          - Vault token.
          - If not set, E(VAULT_TOKEN) is used, then O(vault.token_path).
        type: str
      token_path:
        description: File holding a Vault token (default V(~/.vault-token)).
        type: path
      role_id:
        description:
          - AppRole role ID.
          - If not set, E(VAULT_ROLE_ID) is used, then E(ANSIBLE_HASHI_VAULT_ROLE_ID).
        type: str
      secret_id:
        description:
          - AppRole secret ID.
          - If not set, E(VAULT_SECRET_ID) is used, then E(ANSIBLE_HASHI_VAULT_SECRET_ID).
        type: str
      username:
        description:
          - User name for the userpass and okta logins.
          - If not set, E(VAULT_USERNAME) is used, then E(ANSIBLE_HASHI_VAULT_USERNAME).
        type: str
      password:
        description:
          - Password for the userpass and okta logins.
          - If not set, E(VAULT_PASSWORD) is used, then E(ANSIBLE_HASHI_VAULT_PASSWORD).
        type: str
      totp:
        description: TOTP passcode for the okta login.
        type: str
      kv_mount:
        description: Path of the KV version 2 engine.
        type: str
        default: secret
      kv_path:
        description: Path of the secret inside the engine, such as V(opa/svc-deploy).
        type: str
        required: true
      custom_metadata:
        description: Extra KV custom metadata, such as an owner. Values are stored as strings.
        type: dict
  delete_key_id:
    description:
      - With O(state=absent), the id of the one key to delete.
      - (O(key_id) is the key the module authenticates with, not the one it manages.)
    type: str
extends_documentation_fragment:
  - pamops.okta.opa
  - pamops.okta.opa.bearer_token
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
attributes:
  check_mode:
    support: full
    details:
      - In check mode the new key's id, issue time and secret are not known, so they show as V(null),
        and older keys show the expiry they have, not the one the service will give them at rotation.
  diff_mode:
    support: full
"""

EXAMPLES = r"""
- name: Make sure svc-deploy has a key; rotate it every 90 days and keep two
  pamops.okta.opa_service_user_key:
    service_user: svc-deploy
    max_age: 90d
    keep: 2
  register: deploy_key

- name: Store a new secret at once (the output of the task above is hidden)
  ansible.builtin.copy:
    content: "{{ deploy_key.secret }}"
    dest: /etc/deploy/opa-key-secret
    mode: "0600"
  no_log: true
  when: deploy_key.secret is defined

- name: Rotate every 90 days straight into Vault; prove the new key works; keep only it
  pamops.okta.opa_service_user_key:
    service_user: svc-deploy
    max_age: 90d
    keep: 1
    verify_new_key: true
    vault:
      url: https://vault.example.com:8200
      kv_path: opa/svc-deploy
      custom_metadata:
        owner: team-deploy

- name: Delete one key
  pamops.okta.opa_service_user_key:
    service_user: svc-deploy
    state: absent
    delete_key_id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
"""

RETURN = r"""
api_keys:
  description: The user's keys after the run, newest first, without secrets (predicted in check mode).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Key id. V(null) for a key check mode predicts.
      type: str
    issued_at:
      description: When the key was issued.
      type: str
    expires_at:
      description: When the key expires; V(null) when it never does.
      type: str
    last_used:
      description: When a token was last minted with it; V(null) if never.
      type: str
created_key:
  description: The key created by this run, without its secret.
  returned: when a key was created (or would be, in check mode)
  type: dict
  sample:
    id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
    issued_at: "2026-11-23T10:00:00Z"
    expires_at: null
    last_used: null
secret:
  description:
    - The new key's secret. Shown by the service this one time; the task output is hidden when it is returned.
  returned: when a key was created without O(vault), not in check mode
  type: str
stored_in_vault:
  description: Where the new key was stored, with the secret's new version. The secret itself is not returned.
  returned: when a key was created and stored with O(vault)
  type: dict
  sample:
    kv_mount: secret
    kv_path: opa/svc-deploy
    version: 3
    key_id: 3d1c2b4a-5e6f-4a7b-8c9d-0e1f2a3b4c5d
verified:
  description: True when O(verify_new_key) minted a token with the new key.
  returned: when a key was created with O(verify_new_key=true)
  type: bool
deleted_key_ids:
  description: Ids of the keys deleted by this run (or that would be, in check mode).
  returned: always
  type: list
  elements: str
deleted_vault_secret:
  description: Whether O(state=absent) deleted (or would delete) the secret stored at O(vault.kv_path).
  returned: always
  type: bool
reason:
  description: Why a key was created - V(no usable key), V(no usable key stored in Vault), V(rotate requested) or V(older than max_age).
  returned: when a key was created (or would be)
  type: str
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import VAULT_AUTH_SPEC, VAULT_CONNECTION_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.client import OpaClient
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import (
    key_is_usable,
    key_view,
    newest_first,
    parse_time,
    user_status,
    utc_now,
)
from ansible_collections.pamops.okta.plugins.module_utils.vault.kv import KvV2Secret

# The vault option: the collection's Vault connection and login, and where in KV v2 the key goes.
VAULT_STORE_SPEC = dict(VAULT_CONNECTION_SPEC, **VAULT_AUTH_SPEC)
VAULT_STORE_SPEC.update(
    kv_mount=dict(type="str", default="secret"),
    kv_path=dict(type="str", required=True),
    custom_metadata=dict(type="dict"),
)


def reason_to_create(params, keys, max_age_seconds, now, stored_key_id=None, storing=False):
    """Why a key must be created, or None. With Vault storage, the key that counts is the one
    stored there: a usable key whose secret nobody holds is no use."""
    usable = newest_first([k for k in keys if key_is_usable(k, now)])
    if storing:
        in_vault = [k for k in usable if k["id"] == stored_key_id]
        if usable and not in_vault:
            return "no usable key stored in Vault"
        usable = in_vault
    if not usable:
        return "no usable key"
    if params["rotate"]:
        return "rotate requested"
    if max_age_seconds is not None:
        issued = parse_time(usable[0].get("issued_at"))
        if issued is None or (now - issued).total_seconds() > max_age_seconds:
            return "older than max_age"
    return None


def keys_to_delete(params, ordered_keys, protected_ids=()):
    """Ids to delete, given the keys after any creation, newest first; never a protected one."""
    if params["state"] == "absent":
        if params["delete_key_id"]:
            return [k["id"] for k in ordered_keys if k["id"] == params["delete_key_id"]]
        return [k["id"] for k in ordered_keys]
    if params["keep"] is None:
        return []
    return [k["id"] for k in ordered_keys[params["keep"]:] if k["id"] not in protected_ids]


def diff_view(keys):
    return {"api_keys": [{"id": k["id"], "expires_at": k["expires_at"]} for k in keys]}


class VaultStore:
    """Vault KV v2, where new secrets go when the vault option is set (never into the result)."""

    def __init__(self, module, options):
        self.options = options
        self.client = module.vault_client(options=options, option_prefix="vault.")
        self.secret = KvV2Secret(self.client, options["kv_mount"], options["kv_path"])

    def stored_key_id(self):
        data = self.secret.read()
        return data.get("key_id") if data else None

    def check_writable(self):
        """Refuse before a key is created, not after: a key whose secret cannot be stored is lost."""
        held = self.client.capabilities(self.secret.data_path)
        if held is not None and not ("root" in held or held & set(["create", "update"])):
            raise ApiError(
                "the Vault token may not write %s" % self.secret.data_path,
                hint="add create and update on %s to a policy of the vault token; no key was created" % self.secret.data_path,
            )

    def store(self, params, key, secret):
        data = {
            "key_id": key["id"],
            "key_secret": secret,
            "team": params["team"],
            "api_host": params["api_host"],
            "service_user": params["service_user"],
        }
        metadata = dict(self.options.get("custom_metadata") or {})
        metadata.update(
            service_user=params["service_user"],
            team=params["team"],
            key_id=key["id"],
            issued_at=key.get("issued_at") or "",
            expires_at=key.get("expires_at") or "never",
        )
        version = self.secret.write(data, metadata)
        return {"kv_mount": self.secret.mount, "kv_path": self.secret.path, "version": version, "key_id": key["id"]}


def verify_key(module, client, key_id, secret):
    """Mint a token with the new key: proof that it works before older keys are deleted."""
    check = OpaClient(client.http, module.params["team"], key_id, secret)
    try:
        check.mint_token()
    except ApiError as exc:
        exc.hint = "the new key %s could not mint a token, so no older key was deleted" % key_id
        raise


def create_and_store(module, client, store, name):
    """Create a key and, with a store, put it in Vault (undoing the creation if that fails).
    Returns the key, its secret (for the caller to use, never to return when stored) and where it is stored."""
    created = client.create_key(name)
    secret = created.pop("secret", None)
    key = key_view(created)
    if store is None:
        return key, secret, None
    try:
        stored = store.store(module.params, key, secret)
    except ApiError as exc:
        client.delete_key(name, key["id"])
        exc.hint = "the new key could not be stored in Vault, so it was deleted again (older keys now carry the expiry the rotation gave them)"
        raise
    return key, secret, stored


def main():
    module = PamopsModule(
        argument_spec=dict(
            service_user=dict(type="str", required=True, aliases=["user"]),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            rotate=dict(type="bool", default=False),
            max_age=dict(type="str"),
            keep=dict(type="int"),
            delete_key_id=dict(type="str", no_log=False),
            verify_new_key=dict(type="bool", default=False),
            vault=dict(type="dict", options=VAULT_STORE_SPEC),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["service_user"]
    if params["state"] == "absent" and (params["rotate"] or params["max_age"] or params["keep"] is not None):
        module.fail("rotate, max_age and keep apply only with state=present")
    if params["state"] == "absent" and params["vault"] and params["delete_key_id"]:
        module.fail("vault with state=absent deletes every key and the stored secret; it does not go with delete_key_id")
    if params["state"] == "present" and params["delete_key_id"]:
        module.fail("delete_key_id names a key to delete; use it with state=absent")
    if params["keep"] is not None and params["keep"] < 1:
        module.fail("keep must be at least 1: the newest key is never deleted (use state=absent to delete every key)")
    max_age_seconds = None
    if params["max_age"] is not None:
        try:
            max_age_seconds = parse_duration(params["max_age"])
        except ValueError as exc:
            module.fail("max_age: %s" % exc)

    client = module.opa_client()
    store = VaultStore(module, params["vault"]) if params["vault"] else None
    result = dict(changed=False, deleted_key_ids=[])
    try:
        user = client.get_service_user(name)
        missing = "service user %s does not exist in team %s" % (name, params["team"])
        if user is None and params["state"] == "present" and not module.check_mode:
            module.fail("%s; create it first with pamops.okta.opa_service_user" % missing)
        if user is None and params["state"] == "present":
            # Check mode of a play that creates the user a task earlier: predict from no keys.
            module.warn("%s yet; the real run fails unless an earlier task creates it" % missing)
        elif params["state"] == "present" and user_status(user) == "deleted":
            module.fail("service user %s is deleted; a deleted user cannot get new keys" % name)
        keys = newest_first(client.list_keys(name)) if user else []
        before = [key_view(k) for k in keys]
        stored_key_id = store.stored_key_id() if store else None

        reason = None
        if params["state"] == "present":
            reason = reason_to_create(params, keys, max_age_seconds, utc_now(), stored_key_id, store is not None)
        planned_key = {"id": None, "issued_at": None, "expires_at": None, "last_used": None} if reason else None
        after = ([planned_key] if planned_key else []) + before
        # The key Vault holds stays until a new one replaces it there.
        protected = [stored_key_id] if stored_key_id and not reason else []
        deleted_ids = keys_to_delete(params, after, protected)
        after = [k for k in after if k["id"] not in deleted_ids]

        if (reason or deleted_ids) and not module.check_mode:
            if reason:
                if store:
                    store.check_writable()
                planned_key, secret, stored = create_and_store(module, client, store, name)
                if params["verify_new_key"]:
                    verify_key(module, client, planned_key["id"], secret)
                    result["verified"] = True
                if stored:
                    result["stored_in_vault"] = stored
                else:
                    result["secret"] = secret
            for key_id in deleted_ids:
                client.delete_key(name, key_id)
            # Rotation changed the older keys' expiry on the service: report what it set.
            after = [key_view(k) for k in newest_first(client.list_keys(name))]
        # Offboarding: with every key gone, the stored secret goes too.
        drop_secret = params["state"] == "absent" and store is not None and store.secret.exists()
        if drop_secret and not module.check_mode:
            store.secret.delete()
        result["deleted_vault_secret"] = drop_secret
        if params["state"] == "absent" and params["delete_key_id"] and not deleted_ids:
            module.warn("key %s of service user %s does not exist; nothing to delete" % (params["delete_key_id"], name))
    except ApiError as exc:
        module.fail_api(exc, "manage the keys of service user %s" % name)

    result.update(changed=bool(reason or deleted_ids or result["deleted_vault_secret"]), api_keys=after, deleted_key_ids=deleted_ids)
    if reason:
        result.update(created_key=planned_key, reason=reason)
    if result["changed"] and module.diff_mode:
        result["diff"] = dict(before=diff_view(before), after=diff_view(after))
    module.exit(**result)


if __name__ == "__main__":
    main()
