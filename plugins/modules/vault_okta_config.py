#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_okta_config
short_description: Configure Vault's Okta auth method
version_added: 0.1.0
description:
  - Sets the Okta organisation, API token, MFA handling and token settings of an Okta auth
    method (C(auth/<mount_point>/config)).
  - Only the options you set are managed. Vault merges a config write into what it holds, so the
    module sends only the fields that differ, compared the way Vault stores them - durations in
    seconds, lists as sets, host CIDRs without C(/32) or C(/128).
  - Vault's warnings (MFA bypass, for one) are passed on as Ansible warnings.
  - The legacy field names C(organization), C(ttl) and C(max_ttl) are accepted as deprecated
    aliases and sent as the current names. The legacy C(token) is not, because O(token) is the
    Vault token every Vault module takes (as in community.hashi_vault); use O(api_token).
author:
  - pamops.okta maintainers (@pamops)
options:
  org_name:
    description:
      - The Okta organisation, such as V(example) for C(example.okta.com). Required to create the config.
    type: str
    aliases: [organization]
  base_url:
    description: The Okta domain, V(okta.com) when empty; V(oktapreview.com) for preview orgs.
    type: str
  api_token:
    description:
      - An Okta API token, with which Vault reads a user's Okta groups at login.
      - Vault never returns it, so it cannot be compared; O(api_token_update) decides when it is sent.
    type: str
  api_token_update:
    description:
      - V(on_create) sends O(api_token) only when the config is created; later runs leave it alone.
      - V(always) sends it on every run, which then always reports a change.
    type: str
    choices: [on_create, always]
    default: on_create
  bypass_okta_mfa:
    description: Skip Okta MFA (and some account statuses, such as an expired password) at login.
    type: bool
  token_ttl:
    description: Lifetime of tokens from this method. Seconds, or a duration such as V(1h) or V(30m).
    type: str
    aliases: [ttl]
  token_max_ttl:
    description: Longest lifetime of tokens from this method, renewals included. Seconds or a duration.
    type: str
    aliases: [max_ttl]
  token_explicit_max_ttl:
    description: A hard limit on the tokens' lifetime, even over the mount's. Seconds or a duration.
    type: str
  token_period:
    description: Make periodic tokens renewable for this period without end. Seconds or a duration.
    type: str
  token_policies:
    description: Policies every token from this method gets, besides those of its groups and user. Compared as a set.
    type: list
    elements: str
  token_bound_cidrs:
    description: Addresses or CIDR blocks from which the tokens may be used (and logins made). Compared as a set.
    type: list
    elements: str
  token_no_default_policy:
    description: Leave the C(default) policy off the tokens.
    type: bool
  token_num_uses:
    description: How many requests a token may make; V(0) for no limit.
    type: int
  token_type:
    description: V(service), V(batch), or V(default) (the mount's own setting).
    type: str
    choices: [default, service, batch]
extends_documentation_fragment:
  - pamops.okta.vault_connection
  - pamops.okta.vault_auth
  - pamops.okta.vault_okta_mount
  - pamops.okta.attributes
  - pamops.okta.attributes.actiongroup_vault
attributes:
  check_mode:
    support: full
    details: Vault's warnings are known only after a real write.
  diff_mode:
    support: full
    details: The API token never appears in the diff; RV(api_token_sent) says whether it was (or would be) sent.
"""

EXAMPLES = r"""
- name: Okta org, API token (sent only when the config is created), 1-hour tokens
  pamops.okta.vault_okta_config:
    org_name: example
    api_token: "{{ okta_api_token }}"
    token_ttl: 1h
    token_max_ttl: 8h
    token_policies: [okta-users]

- name: The same on a second mount, in a namespace
  pamops.okta.vault_okta_config:
    mount_point: okta-partners
    namespace: partners
    org_name: example-partners
    token_bound_cidrs: [10.0.0.0/8]

- name: Rotate the Okta API token
  pamops.okta.vault_okta_config:
    api_token: "{{ new_okta_api_token }}"
    api_token_update: always
"""

RETURN = r"""
config:
  description: The managed fields after the run, in Vault's forms (durations in seconds). Never the API token.
  returned: always
  type: dict
  sample:
    org_name: example
    token_ttl: 3600
    token_policies: [okta-users]
created:
  description: Whether this run created the config (or would, in check mode).
  returned: always
  type: bool
api_token_sent:
  description: Whether this run sent the API token (or would, in check mode).
  returned: always
  type: bool
"""

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of
from ansible_collections.pamops.okta.plugins.module_utils.vault.state import CONFIG_FIELD_FORMS, config_view

DEPRECATED = dict(version="2.0.0", collection_name="pamops.okta")


def desired_fields(module):
    """The fields the user set, in the forms Vault reads back."""
    desired = {}
    for name, form in CONFIG_FIELD_FORMS.items():
        value = module.params.get(name)
        if value is None:
            continue
        try:
            desired[name] = form(value)
        except ValueError as exc:
            module.fail("%s: %s" % (name, exc))
    return desired


def merged_token_problem(merged):
    """Why Vault would refuse the config after the merge (vault-okta-api.md §1.4: its checks run
    on the stored config plus the request), or None: check mode must fail where the run fails."""
    token_type = merged.get("token_type") or "default"
    if token_type == "batch" and merged.get("token_period"):
        return (
            "token_type=batch cannot be combined with token_period (%ss): Vault's batch tokens are not periodic; "
            "set token_period to 0 or choose another token_type" % merged["token_period"]
        )
    if token_type == "batch" and merged.get("token_num_uses"):
        return (
            "token_type=batch cannot be combined with token_num_uses (%s): Vault's batch tokens have no use count; "
            "set token_num_uses to 0 or choose another token_type" % merged["token_num_uses"]
        )
    if merged.get("token_max_ttl") and (merged.get("token_ttl") or 0) > merged["token_max_ttl"]:
        return (
            "token_ttl (%ss) cannot be greater than token_max_ttl (%ss) once this config is merged with what Vault holds: "
            "lower token_ttl or raise token_max_ttl" % (merged["token_ttl"], merged["token_max_ttl"])
        )
    return None


def main():
    module = PamopsModule(
        argument_spec=dict(
            org_name=dict(type="str", aliases=["organization"], deprecated_aliases=[dict(name="organization", **DEPRECATED)]),
            base_url=dict(type="str"),
            api_token=dict(type="str", no_log=True),
            api_token_update=dict(type="str", choices=["on_create", "always"], default="on_create", no_log=False),
            bypass_okta_mfa=dict(type="bool"),
            # The token_* options describe tokens Vault will issue; none of them is a secret.
            token_ttl=dict(type="str", aliases=["ttl"], deprecated_aliases=[dict(name="ttl", **DEPRECATED)], no_log=False),
            token_max_ttl=dict(type="str", aliases=["max_ttl"], deprecated_aliases=[dict(name="max_ttl", **DEPRECATED)], no_log=False),
            token_explicit_max_ttl=dict(type="str", no_log=False),
            token_period=dict(type="str", no_log=False),
            token_policies=dict(type="list", elements="str", no_log=False),
            token_bound_cidrs=dict(type="list", elements="str", no_log=False),
            token_no_default_policy=dict(type="bool", no_log=False),
            token_num_uses=dict(type="int", no_log=False),
            token_type=dict(type="str", choices=["default", "service", "batch"], no_log=False),
            **OKTA_MOUNT_SPEC
        ),
        connection="vault",
        supports_check_mode=True,
    )
    params = module.params
    desired = desired_fields(module)
    path = path_of(module.okta_mount(), "config")
    client = module.vault_client()
    try:
        current = module.read_in_mount(client, path)
        created = current is None
        if created and not desired.get("org_name"):
            module.fail("org_name is required to create the Okta config of %s, which has none yet" % module.okta_mount())
        current_view = config_view(current) if current is not None else {}
        problem = merged_token_problem(dict(config_view(current), **desired))
        if problem:
            module.fail(problem)
        changes = dict((k, v) for k, v in desired.items() if created or current_view.get(k) != v)
        send_api_token = params["api_token"] is not None and (created or params["api_token_update"] == "always")
        before = dict((k, current_view.get(k)) for k in desired) if current is not None else {}
        after = dict(before, **desired)
        changed = bool(changes) or send_api_token
        if changed and not module.check_mode:
            body = dict(changes)
            if send_api_token:
                body["api_token"] = params["api_token"]
            # Vault merges the write into the stored config (§1.5): only changed fields go.
            for warning in client.write(path, body, capability="create" if created else "update"):
                module.warn("Vault: %s" % warning)
    except ApiError as exc:
        module.fail_api(exc, "configure the Okta auth method at %s" % module.okta_mount())

    result = dict(changed=changed, config=after, created=created, api_token_sent=send_api_token)
    if changed and module.diff_mode:
        result["diff"] = dict(before=before, after=after)
    module.exit(**result)


if __name__ == "__main__":
    main()
