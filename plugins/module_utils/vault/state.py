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

import ipaddress
import re

from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError


def group_policies(policies):
    """§3.3: trimmed, lowercased, empty dropped, deduplicated, sorted; ``root`` alone if present."""
    result = sorted(set(go_lower(p.strip()) for p in policies or () if p and p.strip()))
    return ["root"] if "root" in result else result


# Go's caseOrbit folds the Turkish dotted capital I and dotless small i to themselves alone, where
# Python's upper() and lower() pair them with I and i.
_FOLDS_TO_ITSELF = ("\u0130", "\u0131")


def _fold_equal_char(a, b):
    if a == b:
        return True
    if a in _FOLDS_TO_ITSELF or b in _FOLDS_TO_ITSELF:
        return False
    return a.lower() == b.lower() or a.upper() == b.upper()


def equal_fold(a, b):
    """Go's ``strings.EqualFold`` for the names people use: equal under simple case folding."""
    return len(a) == len(b) and all(_fold_equal_char(x, y) for x, y in zip(a, b))


def go_lower(name):
    """Go's ``strings.ToLower``: rune by rune, one rune for one (Python may give two for one)."""
    return "".join(c.lower()[0] for c in name)


def stored_group_name(name, stored_names):
    """The name Vault holds a group under (§3.2, §3.3): the exact key if stored, else the first
    stored key equal to it ignoring case, else (a new group) the name in lower case."""
    if name in stored_names:
        return name
    for stored in stored_names:
        if equal_fold(stored, name):
            return stored
    return go_lower(name)


def held_group_name(name, list_stored_names):
    """The name Vault holds an existing group under, from ``list_stored_names()`` (the group
    listing); ``name`` itself when the token may not list groups (403)."""
    try:
        return stored_group_name(name, list_stored_names())
    except ApiError as exc:
        if exc.status == 403:
            return name
        raise


def string_set(values):
    """User groups and policies, token_policies: Vault keeps them verbatim but trimmed (§2.2);
    the modules compare them as sets, without empty entries."""
    return sorted(set(str(v).strip() for v in values or () if v is not None and str(v).strip()))


def _go_ip_text(ip):
    """An address as Go's net.IP.String() writes it: IPv6 lower case and compressed (RFC 5952),
    an IPv4-mapped IPv6 address as plain IPv4."""
    mapped = getattr(ip, "ipv4_mapped", None)
    return str(mapped) if mapped is not None else ip.compressed


def host_form(address):
    """An address or CIDR the way Vault reads it back (§1.3, §1.8, §6.2).

    Vault parses ``token_bound_cidrs`` with ``parseutil.ParseAddrs`` (go-sockaddr) and writes
    each back with its ``String()``: Go's text of the address (lower case, compressed), the
    prefix length unless it is a host (``/32``, ``/128``), the host bits kept, and a port after
    ``ip:`` or ``[ip]:``. Strings that are none of these are compared as written (trimmed).
    """
    text = str(address).strip()
    port = None
    host = text
    bracketed = re.match(r"^\[([^\]]+)\]:(\d+)$", text)
    v4_with_port = re.match(r"^(\d+\.\d+\.\d+\.\d+):(\d+)$", text)
    if bracketed or v4_with_port:
        host, port = (bracketed or v4_with_port).groups()
    try:
        interface = ipaddress.ip_interface(host)
    except ValueError:
        return text
    if port is not None and "/" not in host:
        if int(port):
            ip_text = _go_ip_text(interface.ip)
            return ("[%s]:%s" if ":" in ip_text else "%s:%s") % (ip_text, int(port))
        return _go_ip_text(interface.ip)
    prefix = interface.network.prefixlen
    if getattr(interface.ip, "ipv4_mapped", None) is not None and prefix >= 96:
        # go-sockaddr reads an IPv4-mapped address or CIDR as IPv4, with the prefix less 96.
        ip_text, prefix, max_prefix = str(interface.ip.ipv4_mapped), prefix - 96, 32
    else:
        ip_text, max_prefix = str(interface.ip), interface.max_prefixlen
    return ip_text if prefix == max_prefix else "%s/%d" % (ip_text, prefix)


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
