#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_group_info
short_description: Read Okta Privileged Access groups, their roles and members
version_added: 0.1.0
description:
  - Reads one group by name, or lists groups (across every page), with their roles and, on request, their members.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description:
      - Read only this group. Mutually exclusive with O(contains).
      - A soft-deleted group is returned too, with its C(deleted_at).
    type: str
  contains:
    description: Only groups whose name contains this text.
    type: str
  with_members:
    description:
      - Also read each group's members (one more listing per group).
    type: bool
    default: false
extends_documentation_fragment:
  - pamops.okta.opa
  - pamops.okta.opa.bearer_token
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
  - pamops.okta.attributes.info_module
"""

EXAMPLES = r"""
- name: One group, with its members
  pamops.okta.opa_group_info:
    name: automation-admins
    with_members: true
  register: admins

- name: Which service users administer OPA?
  pamops.okta.opa_group_info:
    with_members: true
  register: all_groups

- name: Members of every group with the pam_admin role
  ansible.builtin.debug:
    msg: >-
      {{ all_groups.groups | selectattr('roles', 'contains', 'pam_admin')
         | map(attribute='members') | flatten | unique | sort }}
"""

RETURN = r"""
groups:
  description: The groups found, sorted by name. Empty when none match (or O(name) does not exist).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: The group's id.
      type: str
    name:
      description: The group's name.
      type: str
    roles:
      description:
        - The group's roles, sorted, as the API reports them. C(delegated_resource_admin) is reported
          here too (the API grants it per resource group, and M(pamops.okta.opa_group) does not set it).
      type: list
      elements: str
    deleted_at:
      description: When the group was deleted; null for a live group.
      type: str
    members:
      description: The names of the group's members, sorted.
      type: list
      elements: str
      returned: when O(with_members=true)
  sample:
    - id: 0f3c6a9e-1b2d-4c5e-8f7a-9b0c1d2e3f4a
      name: automation-admins
      roles: [pam_admin]
      deleted_at: null
      members: [svc-deploy]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import normalize_time, role_set


def group_view(group):
    return {
        "id": group.get("id"),
        "name": group["name"],
        "roles": role_set(group.get("roles")),
        "deleted_at": normalize_time(group.get("deleted_at")),
    }


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str"),
            contains=dict(type="str"),
            with_members=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("name", "contains")],
        supports_check_mode=True,
    )
    params = module.params
    client = module.opa_client()
    try:
        if params["name"]:
            group = client.get_group(params["name"])
            groups = [group] if group else []
        else:
            groups = client.list_groups(params["contains"])
        views = sorted((group_view(group) for group in groups), key=lambda g: g["name"])
        if params["with_members"]:
            for view in views:
                # A deleted group has no members to list (the API answers 404 for its users).
                members = client.list_group_members(view["name"]) if not view["deleted_at"] else []
                view["members"] = sorted(member["name"] for member in members)
    except ApiError as exc:
        module.fail_api(exc, "read groups")
    module.exit(changed=False, groups=views)


if __name__ == "__main__":
    main()
