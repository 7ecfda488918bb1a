#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_service_users
short_description: Manage many Okta Privileged Access service users and their group memberships in one task
version_added: 0.1.0
description:
  - Manages the set of service users of an Okta Privileged Access (OPA) or Advanced Server Access (ASA) team, their
    status and their group memberships, in one task, in the C(config) + C(state) style of Ansible's resource modules.
  - Reads with one paged listing of the users (100 a page) and, when memberships are managed, the group listing and
    then the members of each group or the groups of each listed user, whichever takes fewer requests. Writes go out
    concurrently. A run that changes nothing sends only reads.
  - Compares as M(pamops.okta.opa_service_user) does.
  - Deleting is the service's soft delete, so a deleted user keeps its name reserved. Deleted users are not part of the
    set, and a O(config) item that names one fails with a message that says so.
  - The service user that holds the key this run authenticates with is never deleted. It fails in RV(failed_items)
    unless O(config) lists it.
  - API keys are not managed here. Use M(pamops.okta.opa_service_user_key), which stores new secrets in Vault.
author:
  - pamops.okta maintainers (@pamops)
options:
  config:
    description:
      - The service users, each as M(pamops.okta.opa_service_user) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The service user's name, matched exactly.
        type: str
        required: true
      status:
        description:
          - V(active) or V(disabled).
          - Left out, with O(state=merged), a new user is created active and an existing user keeps its status. With
            O(state=replaced) or O(state=overridden) the user becomes active.
        type: str
        choices: [active, disabled]
      groups:
        description:
          - The groups the user should be a member of. The user leaves groups not listed, unless O(config[].append=true).
          - Left out, with O(state=merged), memberships are left as they are. With O(state=replaced) or O(state=overridden)
            the user leaves every group.
          - Every group the user joins must exist. Items naming one that does not fail before anything is sent for them.
            In check mode it is a warning instead, since an earlier task may create the group.
        type: list
        elements: str
      append:
        description:
          - Join O(config[].groups) without leaving other groups. Only with O(state=merged).
        type: bool
        default: false
extends_documentation_fragment:
  - pamops.okta.bulk
  - pamops.okta.opa
  - pamops.okta.opa.bearer_token
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
seealso:
  - module: pamops.okta.opa_service_user
  - module: pamops.okta.opa_groups
  - module: pamops.okta.opa_service_user_key
"""

EXAMPLES = r"""
- name: Every automation's service user, in the groups it needs
  pamops.okta.opa_service_users:
    config:
      - name: svc-deploy
        groups: [deployers]
      - name: svc-backup
        groups: [backup-operators, readers]
      - name: svc-legacy
        status: disabled

- name: Adopt what is there as code
  pamops.okta.opa_service_users:
    state: gathered
  register: current_users
"""

RETURN = r"""
summary:
  description:
    - What the run did (predicted, in check mode) - the names of the users created, updated, deleted and unchanged
      (at most 100 unchanged names), and C(counts) of each.
    - C(failed) names those that could not be applied (see RV(failed_items)); they are not counted as created, updated
      or deleted.
  returned: unless O(state=gathered)
  type: dict
  sample:
    created: [svc-deploy]
    updated: [svc-backup]
    deleted: []
    unchanged: [svc-legacy]
    failed: []
    counts: {created: 1, updated: 1, deleted: 0, unchanged: 1, failed: 0}
gathered:
  description: Every live service user as a O(config) item with its groups, sorted by name.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: svc-deploy
      status: active
      groups: [deployers]
failed_items:
  description: The users that could not be applied, and why.
  returned: when some failed
  type: list
  elements: dict
  sample:
    - name: svc-old
      msg: service user svc-old was deleted ...
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import BULK_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.opa.resources import OpaServiceUsers


def main():
    module = PamopsModule(
        argument_spec=dict(
            config=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(
                    name=dict(type="str", required=True),
                    status=dict(type="str", choices=["active", "disabled"]),
                    groups=dict(type="list", elements="str"),
                    append=dict(type="bool", default=False),
                ),
            ),
            **BULK_SPEC
        ),
        supports_check_mode=True,
    )
    params = module.params
    config = params["config"] or []
    state = params["state"]
    if state != "merged" and any(item["append"] for item in config):
        module.fail("config[].append applies only with state=merged: %s makes groups exactly as listed" % state)
    manage_groups = state in ("replaced", "overridden", "gathered") or any(item["groups"] is not None for item in config)
    users = OpaServiceUsers(module.opa_client(), manage_groups=manage_groups, workers=params["workers"], check_mode=module.check_mode)
    module.run_bulk(users, "of team %s" % params["team"])


if __name__ == "__main__":
    main()
