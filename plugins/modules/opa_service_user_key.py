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
  - B(An automation may rotate its own key.) When O(key_id) is a key of O(service_user), the module
    proves the new key by minting a token with it and switches the run to it before it deletes the
    key it started with, which it deletes last. It never deletes the key it authenticates with
    unless it hands over a proven replacement. Later tasks must then use the new key (from Vault,
    or from RV(secret)); the old one no longer works.
  - B(No step can lose the new secret.) It is stored in Vault, or put in the result, before any
    step that can fail. If a later step fails, the task fails with C(changed=true) and the result
    still reports RV(created_key), RV(stored_in_vault) or RV(secret) and RV(deleted_key_ids); the
    message says what is done and to run the task again. Without O(vault), register the task and
    use C(rescue) or C(ignore_errors) to keep the secret of a failed run.
  - B(Lost answers are settled, not guessed.) If the answer to a key creation is lost, the keys
    are read back and a key whose secret was never seen is deleted before a key is created again;
    a secret Vault did store is kept even when its answer was lost. If the new key cannot mint a
    token, Vault gets the previous key back and the new key is deleted.
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
      - Keep at most this many keys and delete the rest, expired or not.
      - Some keys are always kept and count first - a key created by this run; otherwise the key
        stored in Vault (with O(vault)) or the newest key; and the key this run authenticates with
        (unless this run replaced it with a proven new key). The newest of the other keys fill
        the remaining places.
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
      description:
        - When the key expires; V(null) when it never does.
        - In check mode, an older key that the planned new key will give an expiry shows
          V(set by the service when the new key is created).
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


def keys_to_delete(params, ordered_keys, always_kept=()):
    """Ids to delete, given the keys after any creation, newest first.

    ``always_kept`` names the keys that must stay whatever ``keep`` says (the new key, the key
    stored in Vault or else the newest, the key this run logs in with); they fill ``keep``'s
    places first, and the newest of the others fill the rest."""
    if params["state"] == "absent":
        if params["delete_key_id"]:
            return [k["id"] for k in ordered_keys if k["id"] == params["delete_key_id"]]
        return [k["id"] for k in ordered_keys]
    if params["keep"] is None:
        return []
    others = [k for k in ordered_keys if k["id"] not in always_kept]
    room = max(0, params["keep"] - (len(ordered_keys) - len(others)))
    return [k["id"] for k in others[room:]]


def keys_always_kept(reason, ordered_keys, stored_key_id, storing, own_key_id):
    """The keys ``keep`` may not delete in this run.

    A new key replaces everything. Without one, the key Vault holds (with ``vault``) or else the
    newest key is the one somebody relies on; and the key this run authenticates with is never
    deleted unless this run hands over a proven replacement, or the run would lock itself out."""
    if reason:
        return [None]
    kept = []
    if storing and stored_key_id:
        kept.append(stored_key_id)
    elif not storing and ordered_keys:
        kept.append(ordered_keys[0]["id"])
    if own_key_id and any(k["id"] == own_key_id for k in ordered_keys):
        kept.append(own_key_id)
    return kept


def diff_view(keys):
    return {"api_keys": [{"id": k["id"], "expires_at": k["expires_at"]} for k in keys]}


class VaultStore:
    """Vault KV v2, where new secrets go when the vault option is set (never into the result)."""

    def __init__(self, module, options):
        self.options = options
        self.client = module.vault_client(options=options, option_prefix="vault.")
        self.secret = KvV2Secret(self.client, options["kv_mount"], options["kv_path"])

    def stored(self):
        """What Vault holds now (the previous key, to restore if a new one fails), or None."""
        return self.secret.read()

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
        version = self.secret.write(data)
        return {"kv_mount": self.secret.mount, "kv_path": self.secret.path, "version": version, "key_id": key["id"]}

    def describe(self, params, key):
        """Custom metadata for the stored key: where it belongs and when it runs out."""
        metadata = dict(self.options.get("custom_metadata") or {})
        metadata.update(
            service_user=params["service_user"],
            team=params["team"],
            key_id=key["id"],
            issued_at=key.get("issued_at") or "",
            expires_at=key.get("expires_at") or "never",
        )
        self.secret.merge_custom_metadata(metadata)

    def restore(self, previous):
        """Put the previous key back as the newest version, after a new key failed its proof."""
        if previous:
            self.secret.write(previous)


class Rotation:
    """One run's changes to a user's keys, step by step, in the order that keeps a working key
    in somebody's hands whatever fails between two requests:

    1. create the key (a lost answer is settled by the client: orphans deleted, created again);
    2. put its secret where it cannot be lost: Vault, or the result (hidden) - from here on any
       failure still returns or keeps it;
    3. prove it by minting a token with it; a run that authenticates as this very user switches
       to it now, so deleting its old key cannot lock it out;
    4. delete older keys, the key the run started with last;
    5. read the keys back for the result.
    Its attributes record what happened, so a failure at any step can report it.
    """

    def __init__(self, module, client, store, name):
        self.module = module
        self.params = module.params
        self.client = client
        self.store = store
        self.name = name
        self.created = None
        self.secret = None
        self.stored = None
        self.verified = False
        self.deleted = []
        # The run's own key, when it belongs to the user being managed (set once keys are read).
        self.authenticating_as = []

    def create(self, known_key_ids, must_prove):
        previous = None
        if self.store:
            self.store.check_writable()
            previous = self.store.stored()
        created = self.client.create_key(self.name, known_key_ids)
        self.secret = created.pop("secret", None)
        self.created = key_view(created)
        if self.store:
            self._store()
        if must_prove:
            self._prove(previous)

    def _store(self):
        try:
            self.stored = self.store.store(self.params, self.created, self.secret)
        except ApiError as exc:
            # Definitely not stored (a stored secret that lost its answer was read back as
            # stored): nobody can use this key, so it goes again.
            self._undo_new_key(exc, "the new key could not be stored in Vault", "no older key was deleted")
            raise
        try:
            self.store.describe(self.params, self.created)
        except ApiError as exc:
            self.module.warn(
                "the new key %s is stored at %s, but its custom metadata could not be updated (%s); "
                "the next rotation sets it" % (self.created["id"], self.store.secret.data_path, exc)
            )

    def _prove(self, previous):
        own_key = self.client.key_id and self.client.key_id in self.authenticating_as
        try:
            if own_key:
                self.client.switch_to_key(self.created["id"], self.secret)
            else:
                OpaClient(self.client.http, self.params["team"], self.created["id"], self.secret).mint_token()
        except ApiError as exc:
            if self.store:
                # Vault must hold a key that works: the one it held before.
                try:
                    self.store.restore(previous)
                except ApiError:
                    # Then the new key stays: Vault holds it, and a deleted key there is worse
                    # than an unproven one (the failure may well have been passing).
                    exc.hint = "the new key %s could not mint a token, and Vault could not be given back the previous key, so the new key was kept" % (
                        self.created["id"]
                    )
                    raise exc
            self._undo_new_key(exc, "the new key %s could not mint a token" % self.created["id"], "no older key was deleted")
            raise
        self.verified = True

    def _undo_new_key(self, exc, what_failed, what_stayed):
        try:
            self.client.delete_key(self.name, self.created["id"])
        except ApiError:
            exc.hint = "%s; deleting it failed too - delete key %s (state=absent, delete_key_id)" % (what_failed, self.created["id"])
            if self.store:
                # With vault the secret never enters a result, even of a key nobody holds.
                self.secret = None
            return
        exc.hint = "%s, so it was deleted again and %s (older keys now carry the expiry the rotation gave them)" % (what_failed, what_stayed)
        self.created = None
        self.secret = None
        self.stored = None

    def delete(self, key_ids):
        own = [key_id for key_id in key_ids if key_id == self.client.key_id]
        for key_id in [key_id for key_id in key_ids if key_id not in own] + own:
            self.client.delete_key(self.name, key_id)
            self.deleted.append(key_id)

    def report(self):
        """What this run did, for the result (the secret only when it is not stored in Vault)."""
        report = {"deleted_key_ids": list(self.deleted)}
        if self.created:
            report["created_key"] = self.created
            if self.stored:
                report["stored_in_vault"] = self.stored
            elif self.secret:
                report["secret"] = self.secret
        if self.verified:
            report["verified"] = True
        return report

    def failure_advice(self):
        """What is true after a failure half-way, and what to re-run."""
        parts = []
        if self.created and self.stored:
            parts.append("the new key %s is stored at %s" % (self.created["id"], self.store.secret.data_path))
        elif self.created and self.store:
            parts.append("the new key %s exists but is not stored in Vault" % self.created["id"])
        elif self.created:
            parts.append(
                "the new key %s was created and its secret is in the registered result (key 'secret', hidden from the output): "
                "keep it (register the task and use rescue or ignore_errors)" % self.created["id"]
            )
        if self.deleted:
            parts.append("key(s) %s were deleted" % ", ".join(self.deleted))
        if not parts:
            return ""
        return " Done before the failure: %s. Run the task again to finish." % "; ".join(parts)


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
    rotation = Rotation(module, client, store, name)
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
        stored_data = store.stored() if store else None
        stored_key_id = stored_data.get("key_id") if stored_data else None
        # The key this run authenticates with, when it belongs to the user being managed.
        own_key_id = client.key_id if client.key_id and any(k["id"] == client.key_id for k in keys) else None
        rotation.authenticating_as = [own_key_id] if own_key_id else []

        reason = None
        if params["state"] == "present":
            reason = reason_to_create(params, keys, max_age_seconds, utc_now(), stored_key_id, store is not None)
        planned_key = {"id": None, "issued_at": None, "expires_at": None, "last_used": None} if reason else None
        after = before
        if planned_key:
            # A rotation gives every older key without an expiry one (opa-api.md §4.2), at a time
            # the service picks: check mode says so instead of showing them as never expiring.
            after = [planned_key] + [dict(k, expires_at=k["expires_at"] or EXPIRY_SET_BY_ROTATION) for k in before]
        always_kept = keys_always_kept(reason, after, stored_key_id, store is not None, own_key_id)
        deleted_ids = keys_to_delete(params, after, always_kept)
        after = [k for k in after if k["id"] not in deleted_ids]

        if (reason or deleted_ids) and not module.check_mode:
            if reason:
                # A run that is about to delete the key it logs in with must first prove the new one.
                must_prove = params["verify_new_key"] or bool(own_key_id and own_key_id in deleted_ids)
                rotation.create([k["id"] for k in keys], must_prove)
                planned_key = rotation.created
            rotation.delete(deleted_ids)
            after = read_back_keys(module, client, name, rotation, after)
        # Offboarding: with every key gone, the stored secret goes too.
        drop_secret = params["state"] == "absent" and store is not None and store.secret.exists()
        if drop_secret and not module.check_mode:
            store.secret.delete()
        result["deleted_vault_secret"] = drop_secret
        if params["state"] == "absent" and params["delete_key_id"] and not deleted_ids:
            module.warn("key %s of service user %s does not exist; nothing to delete" % (params["delete_key_id"], name))
    except ApiError as exc:
        exc.hint = (exc.hint or "") + rotation.failure_advice()
        module.fail_api(exc, "manage the keys of service user %s" % name, **rotation.report())

    result.update(changed=bool(reason or deleted_ids or result["deleted_vault_secret"]), api_keys=after, deleted_key_ids=deleted_ids)
    # The ids in the planned order (check mode's), not in the order they were deleted.
    result.update((k, v) for k, v in rotation.report().items() if k != "deleted_key_ids")
    if reason:
        result.update(created_key=planned_key, reason=reason)
    if result["changed"] and module.diff_mode:
        result["diff"] = dict(before=diff_view(before), after=diff_view(after))
    module.exit(**result)


# What check mode shows as the expiry of a key the planned rotation will give one.
EXPIRY_SET_BY_ROTATION = "set by the service when the new key is created"


def read_back_keys(module, client, name, rotation, predicted):
    """The keys as the service now reports them (rotation changed older keys' expiry). A run
    that deleted the key it started with, having no replacement, cannot read any more; and a
    failed read must not turn a finished rotation into a failure: both report the prediction."""
    if rotation.authenticating_as and rotation.authenticating_as[0] in rotation.deleted and not rotation.verified:
        return [rotation.created or k for k in predicted]
    try:
        return [key_view(k) for k in newest_first(client.list_keys(name))]
    except ApiError as exc:
        module.warn("the keys could not be read back after the change (%s); api_keys shows the expected result" % exc)
        return [rotation.created if k["id"] is None and rotation.created else k for k in predicted]


if __name__ == "__main__":
    main()
