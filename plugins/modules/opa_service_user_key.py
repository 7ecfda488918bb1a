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
  - The secret of a new key is returned once, in RV(secret). The task's output is then hidden,
    as if C(no_log) were set, while the registered variable keeps the secret; store it at once.
  - Keys and their expiry are reported by id; secrets never appear in RV(api_keys) or in the diff.
author:
  - pamops.okta maintainers (@pamops)
options:
  service_user:
    description:
      - Name of the service user whose keys are managed. It must exist and not be deleted.
        In check mode a missing user gives a warning and the prediction for a user without keys.
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
  returned: when a key was created, not in check mode
  type: str
deleted_key_ids:
  description: Ids of the keys deleted by this run (or that would be, in check mode).
  returned: always
  type: list
  elements: str
reason:
  description: Why a key was created - V(no usable key), V(rotate requested) or V(older than max_age).
  returned: when a key was created (or would be)
  type: str
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import (
    key_is_usable,
    key_view,
    newest_first,
    parse_time,
    user_status,
    utc_now,
)


def reason_to_create(params, keys, max_age_seconds, now):
    usable = newest_first([k for k in keys if key_is_usable(k, now)])
    if not usable:
        return "no usable key"
    if params["rotate"]:
        return "rotate requested"
    if max_age_seconds is not None:
        issued = parse_time(usable[0].get("issued_at"))
        if issued is None or (now - issued).total_seconds() > max_age_seconds:
            return "older than max_age"
    return None


def keys_to_delete(params, ordered_keys):
    """Ids to delete, given the keys after any creation, newest first."""
    if params["state"] == "absent":
        if params["delete_key_id"]:
            return [k["id"] for k in ordered_keys if k["id"] == params["delete_key_id"]]
        return [k["id"] for k in ordered_keys]
    if params["keep"] is None:
        return []
    return [k["id"] for k in ordered_keys[params["keep"]:]]


def diff_view(keys):
    return {"api_keys": [{"id": k["id"], "expires_at": k["expires_at"]} for k in keys]}


def main():
    module = PamopsModule(
        argument_spec=dict(
            service_user=dict(type="str", required=True, aliases=["user"]),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            rotate=dict(type="bool", default=False),
            max_age=dict(type="str"),
            keep=dict(type="int"),
            delete_key_id=dict(type="str", no_log=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["service_user"]
    if params["state"] == "absent" and (params["rotate"] or params["max_age"] or params["keep"] is not None):
        module.fail("rotate, max_age and keep apply only with state=present")
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
    result = dict(changed=False, deleted_key_ids=[])
    try:
        user = client.get_service_user(name)
        missing = "service user %s does not exist in team %s" % (name, params["team"])
        if user is None and not module.check_mode:
            module.fail("%s; create it first with pamops.okta.opa_service_user" % missing)
        if user is None:
            # Check mode of a play that creates the user a task earlier: predict from no keys.
            module.warn("%s yet; the real run fails unless an earlier task creates it" % missing)
        elif params["state"] == "present" and user_status(user) == "deleted":
            module.fail("service user %s is deleted; a deleted user cannot get new keys" % name)
        keys = newest_first(client.list_keys(name)) if user else []
        before = [key_view(k) for k in keys]

        reason = reason_to_create(params, keys, max_age_seconds, utc_now()) if params["state"] == "present" else None
        planned_key = {"id": None, "issued_at": None, "expires_at": None, "last_used": None} if reason else None
        after = ([planned_key] if planned_key else []) + before
        deleted_ids = keys_to_delete(params, after)
        after = [k for k in after if k["id"] not in deleted_ids]

        if (reason or deleted_ids) and not module.check_mode:
            if reason:
                created = client.create_key(name)
                result["secret"] = created.pop("secret", None)
                planned_key = key_view(created)
            for key_id in deleted_ids:
                client.delete_key(name, key_id)
            # Rotation changed the older keys' expiry on the service: report what it set.
            after = [key_view(k) for k in newest_first(client.list_keys(name))]
        if params["state"] == "absent" and params["delete_key_id"] and not deleted_ids:
            module.warn("key %s of service user %s does not exist; nothing to delete" % (params["delete_key_id"], name))
    except ApiError as exc:
        module.fail_api(exc, "manage the keys of service user %s" % name)

    result.update(changed=bool(reason or deleted_ids), api_keys=after, deleted_key_ids=deleted_ids)
    if reason:
        result.update(created_key=planned_key, reason=reason)
    if result["changed"] and module.diff_mode:
        result["diff"] = dict(before=diff_view(before), after=diff_view(after))
    module.exit(**result)


if __name__ == "__main__":
    main()
