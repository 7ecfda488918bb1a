# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the services hold after a write, written from the fact sheets and nothing else.

Deliberately independent of the collection (plugins/module_utils/*/state.py): a test that
computed its expectation with the code under test could not catch that code's mistakes.
Each rule names the section of /work/shared/reference/ (``vault-okta-api.md``, ``opa-api.md``)
it comes from.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

# -- Go's string functions, as Vault calls them -------------------------------------------------

# Go's unicode.ToLower uses the simple (one rune for one) mapping of UnicodeData.txt; Python's
# str.lower uses the full one, which differs for exactly one letter: U+0130 becomes "i" in Go and
# "i" + U+0307 in Python.
_GO_SIMPLE_LOWER = {"\u0130": "i"}
# Go's strings.EqualFold compares runes by their simple case-folding orbit (unicode.SimpleFold).
# The orbits of the letters the generators use that are wider than upper/lower pairs:
_FOLD_ORBITS = ({"k", "K", "\u212a"}, {"s", "S", "\u017f"}, {"\u00df", "\u1e9e"})


def go_lower(text):
    """strings.ToLower."""
    return "".join(_GO_SIMPLE_LOWER.get(char) or char.lower() for char in text)


def _fold_key(char):
    for orbit in _FOLD_ORBITS:
        if char in orbit:
            return min(orbit)
    # Dotted capital I and dotless small i have no simple fold partner in Go (CaseFolding.txt
    # maps them with status T only), so each folds to itself alone.
    if char in ("\u0130", "\u0131"):
        return char
    lower = char.lower()
    return lower if len(lower) == 1 and lower.upper() == char.upper() else char


def go_equal_fold(a, b):
    """strings.EqualFold."""
    return len(a) == len(b) and all(x == y or _fold_key(x) == _fold_key(y) for x, y in zip(a, b))


# -- Vault's Okta method ------------------------------------------------------------------------


def go_duration_seconds(text):
    """parseutil.ParseDurationSecond (vault-okta-api.md §1.3): seconds as a number or numeric
    string, a Go duration ("1h30m", "90m", "1.5h"), or whole days ("7d"); "" is 0."""
    text = str(text).strip()
    if text == "":
        return 0
    if re.match(r"^\d+$", text):
        return int(text)
    if re.match(r"^\d+d$", text):
        return int(text[:-1]) * 86400
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", text):
        total += float(number) * units[unit]
    return int(total)


def group_policies(policies):
    """vault-okta-api.md §3.3: trimmed, lower-cased (Go), empty dropped, deduplicated, sorted,
    ``root`` alone when present; ``default`` not added."""
    result = sorted(set(go_lower(p.strip()) for p in policies or () if p.strip()))
    return ["root"] if "root" in result else result


def user_list(values):
    """vault-okta-api.md §2.2: user groups and policies are kept trimmed, case and order as sent,
    duplicates kept. Compared as the modules promise (§6.3 item 4): as sets, without ""."""
    return sorted(set(v.strip() for v in values or () if v.strip()))


def find_group(stored_in_listing_order, name):
    """vault-okta-api.md §3.2 Group(): the exact key, else the first listed key equal ignoring case."""
    if name in stored_in_listing_order:
        return name
    for stored in stored_in_listing_order:
        if go_equal_fold(stored, name):
            return stored
    return None


def group_written(stored_in_listing_order, name):
    """§3.3: the key a write of ``name`` replaces, if it exists: the one Group() finds, else the
    lower-cased name a new group is stored under (U+0130 lower-cases to "i" but does not fold)."""
    found = find_group(stored_in_listing_order, name)
    if found is None and go_lower(name) in stored_in_listing_order:
        return go_lower(name)
    return found


def bound_cidr(text):
    """vault-okta-api.md §1.3 and §6.2: parseutil.ParseAddrs reads a CIDR or an address, and Vault
    writes it back in Go's form: lower-case compressed IPv6, the prefix left off a host address
    (/32, /128), the host bits as given."""
    interface = ipaddress.ip_interface(text.strip())
    full = interface.network.prefixlen == interface.max_prefixlen
    return str(interface.ip) if full else "%s/%d" % (interface.ip, interface.network.prefixlen)


# -- OPA ----------------------------------------------------------------------------------------

# opa-api.md §8: roles a caller may set on a group.
OPA_ROLES = ("pam_admin", "resource_admin", "security_admin", "end_user")
