# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How long a 429 answer asks the client to wait.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from email.utils import parsedate_to_datetime


# Used when a 429 names no time at all. Okta's own SDK waits a random 5-10 s in that case
# (opa-api.md section 7); we wait the lower bound and let the caller's jitter spread clients.
DEFAULT_WAIT_SECONDS = 5.0


def _unix_time(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _retry_after_seconds(value, now):
    """``Retry-After`` is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3)."""
    if value is None:
        return None
    seconds = _unix_time(value)
    if seconds is not None:
        return seconds
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return moment.timestamp() - now


def seconds_to_wait(headers, now):
    """Seconds until the service accepts requests again, from the headers of a 429.

    OPA sends ``X-RateLimit-Retry-At`` (UNIX time of a partial refill) after the limit is hit,
    and ``X-RateLimit-Reset`` (UNIX time of the full refill) on every answer (opa-api.md
    section 7); other services send ``Retry-After``. The first one present wins, in that order.
    A time already past gives 0: the caller's jitter still spaces the retry.
    """
    for name in ("X-RateLimit-Retry-At", "X-RateLimit-Reset"):
        moment = _unix_time(headers.get(name))
        if moment is not None:
            return max(0.0, moment - now)
    delay = _retry_after_seconds(headers.get("Retry-After"), now)
    if delay is not None:
        return max(0.0, delay)
    return DEFAULT_WAIT_SECONDS
