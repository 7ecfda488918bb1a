# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How Vault's Okta method stores values, so modules compare what Vault will hold.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

One place for the service's own normalisation (vault-okta-api.md): check mode, diff mode and
the real run all compare through these functions.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration


def group_policies(policies):
    """§3.3: trimmed, lowercased, empty dropped, deduplicated, sorted; ``root`` alone if present."""
    result = sorted(set(p.strip().lower() for p in policies or () if p and p.strip()))
    return ["root"] if "root" in result else result


def string_set(values):
    """User groups and policies, token_policies: Vault keeps them verbatim but trimmed (§2.2);
    the modules compare them as sets, without empty entries."""
    return sorted(set(str(v).strip() for v in values or () if v is not None and str(v).strip()))


def host_form(address):
    """Vault reads back host CIDRs without /32 or /128 (§1.8, §6.2)."""
    address = str(address).strip()
    if address.endswith("/32") and ":" not in address:
        return address[:-3]
    if address.endswith("/128") and ":" in address:
        return address[:-4]
    return address


def cidr_set(values):
    return sorted(set(host_form(v) for v in values or () if str(v).strip()))


def seconds(value):
    """Durations compared in whole seconds; Vault reads them back as integers (§1.3)."""
    return int(parse_duration(value))


# How each config field compares: Vault's read-back form from the user's value.
CONFIG_FIELD_FORMS = {
    "org_name": str,
    "base_url": str,
    "bypass_okta_mfa": bool,
    "token_ttl": seconds,
    "token_max_ttl": seconds,
    "token_explicit_max_ttl": seconds,
    "token_period": seconds,
    "token_policies": string_set,
    "token_bound_cidrs": cidr_set,
    "token_no_default_policy": bool,
    "token_num_uses": int,
    "token_type": lambda value: value or "default",
}


def config_view(data):
    """The compared fields of a config read, in the same forms as desired values."""
    data = data or {}
    view = {}
    for name, form in CONFIG_FIELD_FORMS.items():
        value = data.get(name)
        if name == "org_name" and value is None:
            value = data.get("organization")
        if value is None:
            value = "" if form is str else ([] if name in ("token_policies", "token_bound_cidrs") else None)
        view[name] = form(value) if value is not None else None
    return view
