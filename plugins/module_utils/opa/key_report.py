# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Key ages, expiries and last use of service users, for audits: plain data, no I/O.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Times follow the API's conventions (opa-api.md §4.4: null, a missing field and Go's zero time
mean "unset"; a key without an expiry never expires), read through opa/state.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.opa.state import (
    key_is_usable,
    key_view,
    newest_first,
    parse_time,
)

SECONDS_PER_DAY = 86400.0


def whole_days(seconds):
    """Whole days in a span of seconds (a key issued 90.9 days ago is 90 days old)."""
    return int(seconds // SECONDS_PER_DAY)


def key_report(key, now, max_age_seconds=None, stored_key_id=None):
    """One key: its times, and what an auditor asks of them. Never a secret."""
    report = key_view(key)
    issued = parse_time(key.get("issued_at"))
    expires = parse_time(key.get("expires_at"))
    last_used = parse_time(key.get("last_used"))
    age_seconds = (now - issued).total_seconds() if issued else None
    report.update(
        age_days=whole_days(age_seconds) if age_seconds is not None else None,
        expired=expires is not None and expires <= now,
        usable=key_is_usable(key, now),
        expires_in_days=whole_days((expires - now).total_seconds()) if expires is not None and expires > now else None,
        days_since_last_use=whole_days((now - last_used).total_seconds()) if last_used else None,
        never_used=last_used is None,
        stored_in_vault=stored_key_id is not None and key["id"] == stored_key_id,
    )
    if max_age_seconds is not None:
        # An undated key cannot prove its age: count it as too old.
        report["over_max_age"] = age_seconds is None or age_seconds > max_age_seconds
    return report


def user_key_report(service_user, keys, now, max_age_seconds=None, vault_checked=False, stored_key_id=None):
    """One service user's keys, newest first, with the answers an audit needs.

    ``stored_in_vault`` is true when the key Vault holds is one of the user's usable keys (a
    stored key since expired or deleted is no key at all); ``stored_is_newest`` when it is the
    newest usable one. Both are None when Vault was not asked."""
    reports = [key_report(key, now, max_age_seconds, stored_key_id) for key in newest_first(keys)]
    usable = [report for report in reports if report["usable"]]
    newest = usable[0] if usable else None
    summary = {
        "service_user": service_user,
        "api_keys": reports,
        "key_count": len(reports),
        "usable_key_count": len(usable),
        "newest_key_id": newest["id"] if newest else None,
        "newest_key_age_days": newest["age_days"] if newest else None,
        "oldest_usable_key_age_days": max((r["age_days"] for r in usable if r["age_days"] is not None), default=None),
        "last_used": max((r["last_used"] for r in reports if r["last_used"]), default=None, key=parse_time),
        "stored_key_id": stored_key_id if vault_checked else None,
        "stored_in_vault": any(r["stored_in_vault"] for r in usable) if vault_checked else None,
        "stored_is_newest": bool(newest and newest["stored_in_vault"]) if vault_checked else None,
    }
    if max_age_seconds is not None:
        summary["over_max_age"] = any(r["over_max_age"] for r in usable)
    return summary
