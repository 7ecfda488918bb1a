#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_auth_method
short_description: Enable, tune and disable Vault's Okta auth method
version_added: 0.1.0
description:
  - Mounts the Okta auth method at O(mount_point), sets its description and tune settings, or removes it.
  - Reads C(sys/auth) first, so enabling a mount that exists changes nothing (where C(vault auth enable)
    fails with C(path is already in use)); only differing tune settings are written.
  - Enabling, tuning and disabling an auth method need the C(sudo) capability on C(sys/auth/<mount_point>).
author:
  - pamops.okta maintainers (@pamops)
options:
  state:
    description:
      - V(present) enables the method if needed and applies the settings; V(absent) disables it,
        which deletes its config, users and groups.
    type: str
    choices: [present, absent]
    default: present
  description:
    description: A description shown in C(vault auth list). Not managed when not set.
    type: str
  default_lease_ttl:
    description: Default lifetime of tokens from this mount. Seconds or a duration such as V(1h); V(0) for Vault's default.
    type: str
  max_lease_ttl:
    description: Longest lifetime of tokens from this mount. Seconds or a duration; V(0) for Vault's default.
    type: str
  listing_visibility:
    description: V(unauth) shows the mount on the UI's login page; V(hidden) (or an empty string) does not.
    type: str
    choices: ['', hidden, unauth]
  token_type:
    description: The kind of tokens the mount makes by default.
    type: str
    choices: [default-service, default-batch, service, batch]
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

EXAMPLES = r"""
- name: The Okta method at auth/okta, tokens for an hour by default
  pamops.okta.vault_okta_auth_method:
    description: Okta logins for engineers
    default_lease_ttl: 1h
    max_lease_ttl: 12h
    listing_visibility: unauth

- name: A second Okta method, for contractors
  pamops.okta.vault_okta_auth_method:
    mount_point: okta-contractors

- name: Remove it, with its config, users and groups
  pamops.okta.vault_okta_auth_method:
    mount_point: okta-contractors
    state: absent
"""

RETURN = r"""
auth_method:
  description: The mount after the run (predicted in check mode); empty when absent.
  returned: always
  type: dict
  sample:
    path: okta
    type: okta
    accessor: auth_okta_3f2a1b0c
    description: Okta logins for engineers
    default_lease_ttl: 3600
    max_lease_ttl: 43200
    listing_visibility: unauth
    token_type: default-service
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of
from ansible_collections.pamops.okta.plugins.module_utils.vault.state import seconds

TUNED = ("default_lease_ttl", "max_lease_ttl", "listing_visibility", "token_type")


def mount_view(path, entry):
    config = entry.get("config") or {}
    return {
        "path": path,
        "type": entry.get("type"),
        "description": entry.get("description") or "",
        "default_lease_ttl": int(config.get("default_lease_ttl") or 0),
        "max_lease_ttl": int(config.get("max_lease_ttl") or 0),
        "listing_visibility": config.get("listing_visibility") or "",
        "token_type": config.get("token_type") or "default-service",
    }


def desired_settings(module):
    settings = {}
    for name in ("default_lease_ttl", "max_lease_ttl"):
        if module.params[name] is not None:
            try:
                settings[name] = seconds(module.params[name])
            except ValueError as exc:
                module.fail("%s: %s" % (name, exc))
    for name in ("listing_visibility", "token_type", "description"):
        if module.params[name] is not None:
            settings[name] = module.params[name]
    return settings


def main():
    module = PamopsModule(
        argument_spec=dict(
            state=dict(type="str", choices=["present", "absent"], default="present"),
            description=dict(type="str"),
            default_lease_ttl=dict(type="str"),
            max_lease_ttl=dict(type="str"),
            listing_visibility=dict(type="str", choices=["", "hidden", "unauth"]),
            token_type=dict(type="str", choices=["default-service", "default-batch", "service", "batch"]),
            **OKTA_MOUNT_SPEC
        ),
        connection="vault",
        supports_check_mode=True,
    )
    params = module.params
    mount_point = module.okta_mount()[len("auth/"):]
    desired = desired_settings(module)
    if params["state"] == "absent" and desired:
        module.fail("description and the tune settings apply only with state=present")
    client = module.vault_client()
    try:
        mounts = client.read("sys/auth") or {}
        entry = mounts.get(mount_point + "/")
        if entry is not None and entry.get("type") != "okta":
            module.fail("auth/%s holds an auth method of type %s, not okta; choose another mount_point" % (mount_point, entry.get("type")))
        before = mount_view(mount_point, entry) if entry else {}
        if params["state"] == "absent":
            after = {}
        else:
            after = dict(before or mount_view(mount_point, {"type": "okta"}), **desired)
        if after and after["max_lease_ttl"] and after["default_lease_ttl"] > after["max_lease_ttl"]:
            # Vault refuses such a mount or tune; check mode must not predict a change it refuses.
            module.fail(
                "default_lease_ttl (%ds) cannot exceed max_lease_ttl (%ds), which auth/%s would have after this run: "
                "lower default_lease_ttl or raise max_lease_ttl" % (after["default_lease_ttl"], after["max_lease_ttl"], mount_point)
            )
        changed = before != after
        accessor = entry.get("accessor") if entry else None
        if changed and not module.check_mode:
            apply(client, mount_point, before, desired, after)
            if after and entry is None:
                accessor = ((client.read("sys/auth") or {}).get(mount_point + "/") or {}).get("accessor")
    except ApiError as exc:
        module.fail_api(exc, "manage the Okta auth method at auth/%s" % mount_point)

    # The accessor is Vault's to choose: reported, not compared (check mode cannot know it).
    result = dict(changed=changed, auth_method=dict(after, accessor=accessor) if after else {})
    if changed and module.diff_mode:
        result["diff"] = dict(before=before, after=after)
    module.exit(**result)


def apply(client, mount_point, before, desired, after):
    sys_path = path_of("sys/auth", mount_point)
    if not after:
        client.request("DELETE", sys_path, capability="sudo")
        return
    if not before:
        config = dict((k, v) for k, v in desired.items() if k in TUNED)
        found = client.enable_auth_method(mount_point, {"type": "okta", "description": desired.get("description", ""), "config": config})
        if not isinstance(found, dict):
            return
        # A concurrent run mounted it first: tune what it set differently.
        before = mount_view(mount_point, found)
    tune = dict((k, v) for k, v in desired.items() if k in TUNED + ("description",) and before.get(k) != v)
    if tune:
        # Tuning sets values: repeating it after a lost answer changes nothing more.
        client.request("POST", path_of(sys_path, "tune"), tune, capability="sudo", retry_unsafe=True)


if __name__ == "__main__":
    main()
