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
      - V(absent) refuses to delete a group that the service user this run authenticates as belongs to, as it may be
        where the run's own role comes from.
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
from ansible_collections.pamops.okta.plugins.module_utils.opa.resources import OpaGroups, check_roles
from ansible_collections.pamops.okta.plugins.module_utils.plan import PlanError


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
        try:
            check_roles(params["roles"], params["flavor"], params["api_host"])
        except PlanError as exc:
            module.fail(str(exc))
    groups = OpaGroups(module.opa_client())
    try:
        current = groups.read_one(name)
        change = module.plan_single(groups, current, {"name": name, "roles": params["roles"]}, params["state"] == "present")
        changed = change["action"] != "none"
        if not changed:
            result_group = groups.objects[name] if current else {}
        elif module.check_mode:
            result_group = groups.predicted_object(change)
        else:
            groups.apply(change)
            result_group = groups.client.get_group(name) if change["after"] else {}
    except ApiError as exc:
        module.fail_api(exc, "manage group %s" % name)

    result = dict(changed=changed, group=result_group)
    if changed and module.diff_mode:
        result["diff"] = dict(before=change["before"], after=change["after"])
    module.exit(**result)


if __name__ == "__main__":
    main()
