#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_service_user
short_description: Manage Okta Privileged Access service users and their group memberships
version_added: 0.1.0
description:
  - Create, disable, re-enable and delete service users of Okta Privileged Access (OPA) or
    Advanced Server Access (ASA), and put them in groups.
  - Deleting is the service's soft delete - the user stays, with status C(DELETED), and its name
    stays reserved. A deleted user cannot be brought back.
author:
  - pamops.okta maintainers (@pamops)
options:
  name:
    description:
      - The service user's name. Names are matched exactly.
    type: str
    required: true
  state:
    description:
      - V(present) creates the user if it does not exist.
      - V(absent) deletes it (the soft delete to status C(DELETED)) if it exists and is not deleted yet.
    type: str
    choices: [present, absent]
    default: present
  status:
    description:
      - V(active) or V(disabled). A disabled user cannot mint tokens.
      - When not set, a new user is created active and an existing user keeps its status.
      - Only with O(state=present).
    type: str
    choices: [active, disabled]
  groups:
    description:
      - Names of the groups the user should be a member of, like the O(groups) option of M(ansible.builtin.user).
      - The user is removed from groups not listed, unless O(append=true). V([]) removes it from all groups.
      - When not set, group memberships are left as they are.
      - Every group must exist; the module fails before changing anything if one does not.
        In check mode it warns instead, since an earlier task of the play may create the group.
    type: list
    elements: str
  append:
    description:
      - Add the user to O(groups) without removing it from other groups.
    type: bool
    default: false
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
- name: Create a service user for the deploy pipeline, in two groups
  pamops.okta.opa_service_user:
    api_host: https://example.pam.okta.com
    team: example
    key_id: "{{ opa_admin_key_id }}"
    key_secret: "{{ opa_admin_key_secret }}"
    name: svc-deploy
    groups:
      - deployers
      - readers

- name: Disable it (connection options from module_defaults and OKTAPAM_* variables)
  module_defaults:
    group/pamops.okta.opa:
      bearer_token: "{{ opa_token.bearer_token }}"
  pamops.okta.opa_service_user:
    name: svc-deploy
    status: disabled

- name: Delete it (its name stays reserved)
  pamops.okta.opa_service_user:
    name: svc-deploy
    state: absent
"""

RETURN = r"""
service_user:
  description:
    - The service user after the run, as the API returns it. In check mode, what the run would leave.
    - Empty when the user does not exist.
  returned: always
  type: dict
  sample:
    id: 5b1e6f3a-2c4d-4e8f-9a0b-1c2d3e4f5a6b
    name: svc-deploy
    status: ACTIVE
    user_type: service
    deleted_at: null
groups:
  description: The groups the user is in after the run, sorted. Only when O(groups) is set.
  returned: when O(groups) is set
  type: list
  elements: str
  sample: [deployers, readers]
diff:
  description: Name, status and (when managed) groups, before and after.
  returned: when changed and in diff mode
  type: dict
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.resources import OpaServiceUsers


def main():
    module = PamopsModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            status=dict(type="str", choices=["active", "disabled"]),
            groups=dict(type="list", elements="str"),
            append=dict(type="bool", default=False),
        ),
        supports_check_mode=True,
    )
    params = module.params
    name = params["name"]
    present = params["state"] == "present"
    if not present and (params["status"] or params["groups"] is not None):
        module.fail("status and groups apply only with state=present; remove them to delete the user")
    users = OpaServiceUsers(module.opa_client(), manage_groups=params["groups"] is not None, check_mode=module.check_mode)
    try:
        current = users.read_one(name)
        if name in users.deleted and not present:
            module.exit(changed=False, service_user=users.objects[name])
        item = {"name": name, "status": params["status"], "groups": params["groups"], "append": params["append"]}
        change = module.plan_single(users, current, item, present)
        changed = change["action"] != "none"
        result_user = users.objects[name]
        if changed and module.check_mode:
            result_user = users.predicted_object(change)
        elif changed:
            result_user = users.apply(change) or result_user
    except ApiError as exc:
        module.fail_api(exc, "manage service user %s" % name)

    result = dict(changed=changed, service_user=result_user or {})
    if params["groups"] is not None and present:
        result["groups"] = change["after"]["groups"]
    if changed and module.diff_mode:
        result["diff"] = dict(before=change["before"], after=change["after"])
    module.exit(**result)


if __name__ == "__main__":
    main()
