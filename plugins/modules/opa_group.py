#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_group
short_description: Manage Okta Privileged Access groups and their roles
version_added: 0.1.0
description:
  - Create and delete groups of Okta Privileged Access (OPA) or Advanced Server Access (ASA), and set their roles.
  - Put service users in groups with M(pamops.okta.opa_service_user).
  - Groups are deleted softly, like service users. Whether the service lets a deleted group's name
    be used again is its decision; the module tries and, if the service refuses, says why.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description:
      - The group's name.
    type: str
    required: true
  roles:
    description:
      - The group's roles, as a set (order and duplicates do not matter).
      - OPA knows V(pam_admin), V(resource_admin), V(security_admin) and V(end_user); ASA knows
        V(access_user), V(access_admin) and V(reporting_user). See O(flavor).
      - When not set, a new group gets no roles and an existing group keeps its roles.
      - V(delegated_resource_admin) cannot be set here. OPA gives it to a group that a resource group
        names among its delegated admins, and refuses it on group create and update. The module
        ignores it on the groups it reads, so a delegated-admin group keeps it and does not show a change.
    type: list
    elements: str
  flavor:
    description:
      - Which role names O(roles) is checked against before anything is sent.
      - V(auto) derives it from O(api_host) (C(*.scaleft.com) is ASA, C(*.okta.com) and C(*.oktapreview.com)
        are OPA) and otherwise accepts the role names of both, leaving the final word to the API.
    type: str
    choices: [auto, opa, asa]
    default: auto
  state:
    description:
      - V(present) creates the group if needed; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - pamops.okta.opa
  - pamops.okta.opa.bearer_token
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
"""

EXAMPLES = r"""
- name: A group whose members administer OPA
  pamops.okta.opa_group:
    name: automation-admins
    roles: [pam_admin]

- name: Remove a group
  pamops.okta.opa_group:
    name: old-robots
    state: absent
"""

RETURN = r"""
group:
  description: The group after the run, as the API returns it (predicted in check mode). Empty when absent.
  returned: always
  type: dict
  sample:
    id: 0f3c6a9e-1b2d-4c5e-8f7a-9b0c1d2e3f4a
    name: automation-admins
    roles: [pam_admin]
    deleted_at: null
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import (
    ROLES,
    SERVICE_ASSIGNED_ROLES,
    flavor_of_host,
    is_live_group,
    role_set,
    service_assigned_roles,
)

# Roles OPA accepts when a group is created; the others can only be set by an update (opa-api.md §8).
OPA_CREATE_ROLES = ("pam_admin", "resource_admin", "security_admin")


def check_roles(module, roles):
    assigned = sorted(set(roles) & set(SERVICE_ASSIGNED_ROLES))
    if assigned:
        module.fail(
            "roles: %s cannot be set on a group: OPA gives it to a group that a resource group names among its "
            "delegated admins (manage that on the resource group), and refuses it on group create and update. "
            "Remove it from roles; the module leaves it in place on groups that have it" % ", ".join(assigned)
        )
    flavor = module.params["flavor"]
    if flavor == "auto":
        flavor = flavor_of_host(module.params["api_host"])
    known = set(ROLES[flavor]) if flavor else set(ROLES["opa"]) | set(ROLES["asa"])
    unknown = sorted(set(roles) - known)
    if unknown:
        label = flavor.upper() if flavor else "OPA or ASA"
        module.fail("roles: %s not known %s role(s); known roles: %s" % (", ".join(unknown), label, ", ".join(sorted(known))))


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            roles=dict(type="list", elements="str"),
            flavor=dict(type="str", choices=["auto", "opa", "asa"], default="auto"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    if params["roles"] is not None:
        check_roles(module, params["roles"])
    client = module.opa_client()
    try:
        group = client.get_group(name)
        live = is_live_group(group)
        if group and not live and params["state"] == "present":
            module.warn("group %s exists as a deleted group; the service may refuse to reuse its name" % name)
        before = {"name": name, "roles": role_set(group.get("roles"))} if live else {}
        if params["state"] == "absent":
            after = {}
        else:
            roles = role_set(params["roles"]) if params["roles"] is not None else before.get("roles", [])
            after = {"name": name, "roles": roles}
        changed = before != after
        result_group = group if live else {}
        if changed and module.check_mode:
            result_group = dict(group or {"id": None, "deleted_at": None}, **after) if after else {}
            if after and live:
                # An update leaves the roles the service assigns (§8); the read-back keeps them.
                result_group["roles"] = sorted(after["roles"] + service_assigned_roles(group.get("roles")))
        elif changed and not after:
            client.delete_group(name)
            result_group = {}
        elif changed and not live:
            result_group = create(client, name, after["roles"])
        elif changed:
            client.set_group_roles(name, after["roles"])
            result_group = client.get_group(name)
    except ApiError as exc:
        if exc.status == 409:
            exc.hint = "a group named %s exists or existed (deleted groups keep their names); choose another name" % name
        module.fail_api(exc, "manage group %s" % name)

    result = dict(changed=changed, group=result_group)
    if changed and module.diff_mode:
        result["diff"] = dict(before=before, after=after)
    module.exit(**result)


def create(client, name, roles):
    at_create = [r for r in roles if r in OPA_CREATE_ROLES or r in ROLES["asa"]]
    group = client.create_group(name, at_create)
    if role_set(group.get("roles")) != roles:
        client.set_group_roles(name, roles)
        group = client.get_group(name)
    return group


if __name__ == "__main__":
    main()
