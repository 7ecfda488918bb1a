# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How OPA objects compare: the service's own normalisation, in one place.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Check mode, diff mode and the real run all read state through these functions, so they
cannot disagree about what "the same" means.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import re

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover
    from urlparse import urlsplit  # type: ignore

_FRACTION = re.compile(r"\.(\d+)")

# Go's zero time: "unset" for expires_at, last_used and deleted_at (opa-api.md §4.4).
ZERO_TIME = "0001-01-01T00:00:00Z"

# §8, §9: group roles each flavour lets a caller set on a group.
ROLES = {
    "opa": ("pam_admin", "resource_admin", "security_admin", "end_user"),
    "asa": ("access_user", "access_admin", "reporting_user", "server_admin"),
}

# §8: OPA reports delegated_resource_admin on a group that a resource group names among its
# delegated admins. Group create and update never accept it (Okta's SDK: GroupCreateRole,
# GroupUpdateRole) and Terraform drops it on read (terraform-provider-oktapam
# oktapam/client/group.go, ignorableGroupRoles). The modules ignore it when comparing.
SERVICE_ASSIGNED_ROLES = ("delegated_resource_admin",)


# Hosts of the two flavours (opa-api.md §1); anything else (a proxy, the sandbox) is unknown.
ASA_HOST_SUFFIXES = (".scaleft.com", ".scaleft.io")
OPA_HOST_SUFFIXES = (".okta.com", ".oktapreview.com", ".okta-emea.com")


def flavor_of_host(api_host):
    """``asa``, ``opa`` or None, from the API's host name."""
    host = (urlsplit(api_host or "").hostname or "").lower()
    if host.endswith(ASA_HOST_SUFFIXES):
        return "asa"
    if host.endswith(OPA_HOST_SUFFIXES):
        return "opa"
    return None


def unset_time(value):
    """null, a missing field and Go's zero time all mean "not set"."""
    return value in (None, "", ZERO_TIME)


def normalize_time(value):
    return None if unset_time(value) else value


def parse_time(value):
    """An RFC 3339 timestamp as an aware datetime, or None when unset."""
    if unset_time(value):
        return None
    text = value.replace("Z", "+00:00")
    # Python 3.8's fromisoformat accepts at most 6 fractional digits; the API may send 9.
    fraction = _FRACTION.search(text)
    if fraction:
        text = "%s.%s%s" % (text[:fraction.start()], fraction.group(1)[:6].ljust(6, "0"), text[fraction.end():])
    return datetime.datetime.fromisoformat(text)


def user_status(user):
    """The module's lower-case status of an API user object (``ACTIVE`` -> ``active``)."""
    return str(user.get("status", "")).lower()


def is_live_group(group):
    """Groups are soft-deleted; one is live when it has an id and no deletion time (§8)."""
    return bool(group) and bool(group.get("id")) and unset_time(group.get("deleted_at"))


def role_set(roles):
    """A group's roles as compared: a sorted set, without the roles only the service assigns."""
    return sorted(set(roles or ()) - set(SERVICE_ASSIGNED_ROLES))


def service_assigned_roles(roles):
    """The roles of a group read from the API that no group update changes (§8)."""
    return sorted(set(roles or ()) & set(SERVICE_ASSIGNED_ROLES))


def key_view(key):
    """A key as modules report it: never a secret, times normalised."""
    return {
        "id": key["id"],
        "issued_at": normalize_time(key.get("issued_at")),
        "expires_at": normalize_time(key.get("expires_at")),
        "last_used": normalize_time(key.get("last_used")),
    }


def key_is_usable(key, now):
    """A key mints tokens until its expiry passes; no expiry means it never expires (§4.4)."""
    expires = parse_time(key.get("expires_at"))
    return expires is None or expires > now


_EPOCH_OF_NOTHING = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)
_END_OF_TIME = datetime.datetime.max.replace(tzinfo=datetime.timezone.utc)


def newest_first(keys):
    """Keys, newest first. Equal issue times (an API that writes whole seconds) are ordered by
    expiry: a rotation gives every older key an expiry and the new key none (§4.2), so the key
    without one, then the one expiring last, is the newer."""

    def age(key):
        issued = parse_time(key.get("issued_at")) or _EPOCH_OF_NOTHING
        expires = parse_time(key.get("expires_at")) or _END_OF_TIME
        return (issued, expires, key["id"])

    return sorted(keys, key=age, reverse=True)


def utc_now():
    return datetime.datetime.now(datetime.timezone.utc)
