#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_service_user_info
short_description: Read Okta Privileged Access service users
version_added: 0.1.0
description:
  - Reads one service user by name, or lists service users with filters, across every page.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description:
      - Read only this user. Mutually exclusive with the filters.
      - A deleted user is returned too, with status C(DELETED).
    type: str
  contains:
    description: Only users whose name contains this text.
    type: str
  starts_with:
    description: Only users whose name starts with this text.
    type: str
  status:
    description:
      - Only users with one of these statuses. When not set, the API's default applies (it may
        leave deleted users out).
    type: list
    elements: str
    choices: [active, disabled, deleted]
  with_groups:
    description:
      - Also read each user's groups (one more request per user).
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
- name: One user
  pamops.okta.opa_service_user_info:
    name: svc-deploy
  register: deploy_user

- name: All active and disabled robots, with their groups
  pamops.okta.opa_service_user_info:
    starts_with: svc-
    status: [active, disabled]
    with_groups: true
  register: robots
"""

RETURN = r"""
service_users:
  description:
    - The users found, as the API returns them, sorted by name. Empty when none match (or O(name) does not exist).
    - With O(with_groups=true), each has C(groups), a sorted list of group names.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 5b1e6f3a-2c4d-4e8f-9a0b-1c2d3e4f5a6b
      name: svc-deploy
      status: ACTIVE
      user_type: service
      deleted_at: null
      groups: [deployers]
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str"),
            contains=dict(type="str"),
            starts_with=dict(type="str"),
            status=dict(type="list", elements="str", choices=["active", "disabled", "deleted"]),
            with_groups=dict(type="bool", default=False),
        ),
        mutually_exclusive=[("name", "contains"), ("name", "starts_with"), ("name", "status")],
        supports_check_mode=True,
    )
    params = module.params
    client = module.opa_client()
    try:
        if params["name"]:
            user = client.get_service_user(params["name"])
            users = [user] if user else []
        else:
            statuses = [s.upper() for s in params["status"]] if params["status"] else None
            users = client.list_service_users(params["contains"], params["starts_with"], statuses)
        users = sorted(users, key=lambda u: u["name"])
        if params["with_groups"]:
            for user in users:
                user["groups"] = sorted(group["name"] for group in client.groups_of_user(user["name"]))
    except ApiError as exc:
        module.fail_api(exc, "read service users")
    module.exit(changed=False, service_users=users)


if __name__ == "__main__":
    main()
