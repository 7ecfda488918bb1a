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
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import is_live_group, user_status


def read_current(client, name, manage_groups):
    user = client.get_service_user(name)
    groups = None
    if manage_groups and user and user_status(user) != "deleted":
        groups = sorted(group["name"] for group in client.groups_of_user(name))
    return user, groups


def desired_state(params, user, current_groups):
    """What the user should look like, as (status, groups); status None means absent/deleted."""
    if params["state"] == "absent":
        return "deleted" if user else None, None
    status = params["status"] or (user_status(user) if user else "active")
    groups = None
    if params["groups"] is not None:
        wanted = set(params["groups"])
        if params["append"]:
            wanted |= set(current_groups or ())
        groups = sorted(wanted)
    return status, groups


def view(name, status, groups):
    state = {"name": name, "status": status}
    if groups is not None:
        state["groups"] = groups
    return state


def check_groups_exist(module, client, group_names):
    missing = [name for name in group_names if not is_live_group(client.get_group(name))]
    if not missing:
        return
    message = "group(s) %s do not exist in team %s" % (", ".join(missing), module.params["team"])
    if module.check_mode:
        # A play usually creates its groups a few tasks earlier, which check mode did not do:
        # predict the membership, and say what the real run will need.
        module.warn("%s yet; the real run fails unless an earlier task creates them" % message)
        return
    module.fail("%s; create them first (pamops.okta.opa_group) or remove them from groups" % message)


def apply(client, name, user, status, groups_to_add, groups_to_remove):
    if user is None:
        # A user that another run created between our read and our write is taken as created.
        user = client.create_service_user(name)
    if status and user_status(user) != status:
        user = client.set_service_user_status(name, status.upper())
    for group in groups_to_add:
        client.add_group_member(group, name)
    for group in groups_to_remove:
        client.remove_group_member(group, name)
    return user


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
    if params["state"] == "absent" and (params["status"] or params["groups"] is not None):
        module.fail("status and groups apply only with state=present; remove them to delete the user")
    client = module.opa_client()
    try:
        user, current_groups = read_current(client, name, params["groups"] is not None)
        if user and user_status(user) == "deleted":
            if params["state"] == "absent":
                module.exit(changed=False, service_user=user)
            module.fail(
                "service user %s was deleted (at %s). OPA deletes service users softly and keeps the name reserved, "
                "so it cannot be reactivated or recreated; choose another name" % (name, user.get("deleted_at"))
            )
        status, groups = desired_state(params, user, current_groups)
        before = view(name, user_status(user), current_groups) if user else {}
        after = view(name, status, groups) if status else {}
        if params["state"] == "absent":
            after = view(name, "deleted", None) if user else {}
        groups_to_add = sorted(set(groups or ()) - set(current_groups or ()))
        groups_to_remove = [] if groups is None else sorted(set(current_groups or ()) - set(groups))
        changed = before != after
        if groups_to_add:
            check_groups_exist(module, client, groups_to_add)

        result_user = user
        if changed and not module.check_mode:
            result_user = apply(client, name, user, status, groups_to_add, groups_to_remove)
        elif changed:
            result_user = dict(user or {"id": None, "name": name, "user_type": "service", "deleted_at": None})
            result_user["status"] = status.upper()
    except ApiError as exc:
        module.fail_api(exc, "manage service user %s" % name)

    result = dict(changed=changed, service_user=result_user or {})
    if groups is not None:
        result["groups"] = groups
    if changed and module.diff_mode:
        result["diff"] = dict(before=before, after=after)
    module.exit(**result)


if __name__ == "__main__":
    main()
