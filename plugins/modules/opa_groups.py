#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_groups
short_description: Manage many Okta Privileged Access groups and their roles in one task
version_added: 0.1.0
description:
  - Manages the set of groups of an Okta Privileged Access (OPA) or Advanced Server Access (ASA) team in one task, in
    the C(config) + C(state) style of Ansible's resource modules.
  - One paged listing reads every group (100 a page); then one or two writes per group that changes, sent
    concurrently. A run that changes nothing sends only the listing.
  - Compares as M(pamops.okta.opa_group) does. Roles are a set, and V(delegated_resource_admin), which only the service
    assigns, is ignored on read and left in place.
  - Deleted groups are not part of the set, as OPA deletes groups softly.
  - A group that the service user this run authenticates as belongs to is never deleted, as it may be where the run's
    own role comes from. Such a group fails in RV(failed_items) unless O(config) lists it.
author:
  - pamops.okta maintainers (@pamops)
options:
  config:
    description:
      - The groups, each as M(pamops.okta.opa_group) takes it.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: The group's name, matched exactly.
        type: str
        required: true
      roles:
        description:
          - The group's roles, as a set. See M(pamops.okta.opa_group) for the roles of each flavor.
          - Left out, with O(state=merged), a new group gets no roles and an existing group keeps its roles. With
            O(state=replaced) or O(state=overridden) the group gets none.
        type: list
        elements: str
  flavor:
    description:
      - Which role names the roles of O(config) are checked against before anything is sent, as in M(pamops.okta.opa_group).
    type: str
    choices: [auto, opa, asa]
    default: auto
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
  - module: pamops.okta.opa_group
  - module: pamops.okta.opa_service_users
"""

EXAMPLES = r"""
- name: The team's groups, and no others
  pamops.okta.opa_groups:
    state: overridden
    config:
      - name: automation-admins
        roles: [pam_admin]
      - name: deployers
      - name: auditors
        roles: [security_admin]

- name: Adopt what is there as code
  pamops.okta.opa_groups:
    state: gathered
  register: current_groups
"""

RETURN = r"""
summary:
  description:
    - What the run did (predicted, in check mode) - the names of the groups created, updated, deleted and unchanged
      (at most 100 unchanged names), and C(counts) of each.
    - C(failed) names those that could not be applied (see RV(failed_items)); they are not counted as created, updated
      or deleted.
  returned: unless O(state=gathered)
  type: dict
  sample:
    created: [deployers]
    updated: [automation-admins]
    deleted: [old-robots]
    unchanged: [auditors]
    failed: []
    counts: {created: 1, updated: 1, deleted: 1, unchanged: 1, failed: 0}
gathered:
  description: Every live group as a O(config) item, sorted by name.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: automation-admins
      roles: [pam_admin]
failed_items:
  description: The groups that could not be applied, and why.
  returned: when some failed
  type: list
  elements: dict
  sample:
    - name: deployers
      msg: "HTTP 409 Conflict: ..."
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import BULK_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.opa.resources import OpaGroups, check_roles
from ansible_collections.pamops.okta.plugins.module_utils.plan import PlanError


def main():
    module = PamopsModule(
        argument_spec=dict(
            config=dict(
                type="list",
                elements="dict",
                default=[],
                options=dict(name=dict(type="str", required=True), roles=dict(type="list", elements="str")),
            ),
            flavor=dict(type="str", choices=["auto", "opa", "asa"], default="auto"),
            **BULK_SPEC
        ),
        supports_check_mode=True,
    )
    params = module.params
    for index, item in enumerate(params["config"] or []):
        if item["roles"] is not None:
            try:
                check_roles(item["roles"], params["flavor"], params["api_host"], option="config[%d].roles" % index)
            except PlanError as exc:
                module.fail(str(exc))
    client = module.opa_client()
    module.run_bulk(OpaGroups(client, workers=params["workers"]), "of team %s" % params["team"])


if __name__ == "__main__":
    main()
