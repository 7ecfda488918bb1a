#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: opa_token
short_description: Mint one Okta Privileged Access bearer token for a whole play
version_added: 0.1.0
description:
  - Exchanges a service user's API key for a bearer token and returns it, so that later tasks
    reuse one token (through C(module_defaults)) instead of each minting their own.
  - The token is a secret. The task's output is always hidden, as if C(no_log) were set;
    the registered variable still holds the token.
author:
  - pamops.okta maintainers (@pamops)
extends_documentation_fragment:
  - pamops.okta.opa
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_opa
attributes:
  check_mode:
    support: full
    details: Minting a token changes nothing, so the module mints one in check mode too.
  diff_mode:
    support: N/A
    details: Nothing is changed.
"""

EXAMPLES = r"""
- name: Mint one token for the play
  pamops.okta.opa_token:
    api_host: https://example.pam.okta.com
    team: example
    key_id: "{{ opa_admin_key_id }}"
    key_secret: "{{ opa_admin_key_secret }}"
  no_log: true
  register: opa_token

- name: Every OPA task below reuses it
  module_defaults:
    group/pamops.okta.opa:
      api_host: https://example.pam.okta.com
      team: example
      bearer_token: "{{ opa_token.bearer_token }}"
      # With the key as well, a task renews the token itself if it expires mid-play.
      key_id: "{{ opa_admin_key_id }}"
      key_secret: "{{ opa_admin_key_secret }}"
  block:
    - name: Create a service user
      pamops.okta.opa_service_user:
        name: svc-deploy
"""

RETURN = r"""
bearer_token:
  description: The bearer token. A secret; keep C(no_log) on tasks that print it.
  returned: success
  type: str
expires_at:
  description: When the token expires (RFC 3339), as the API says.
  returned: success
  type: str
  sample: "2026-11-23T12:00:00Z"
team_name:
  description: The team the token belongs to.
  returned: success
  type: str
  sample: example
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError


def main():
    module = PamopsModule(argument_spec={}, accepts_bearer_token=False, supports_check_mode=True)
    if not (module.params["key_id"] and module.params["key_secret"]):
        module.fail("key_id and key_secret (or OKTAPAM_KEY and OKTAPAM_SECRET) are required to mint a token")
    client = module.opa_client()
    try:
        answer = client.mint_token()
    except ApiError as exc:
        if exc.status == 401:
            exc.hint = "check key_id and key_secret: the key may be wrong, expired or deleted, or its user disabled"
        module.fail_api(exc, "mint a bearer token for team %s" % module.params["team"])
    module.exit(changed=False, bearer_token=answer["bearer_token"], expires_at=answer.get("expires_at"), team_name=answer.get("team_name"))


if __name__ == "__main__":
    main()
