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


# Used when a 429 names no time to retry at. Okta's own SDK then waits a random 5-10 s and tries
# again (opa-api.md section 7): short enough to finish soon, spread enough not to hammer.
FALLBACK_WAIT_RANGE = (5.0, 10.0)


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


def seconds_to_wait(headers, now, fallback_wait=FALLBACK_WAIT_RANGE[0]):
    """Seconds until the service accepts requests again, from the headers of a 429.

    OPA sends ``X-RateLimit-Retry-At`` (UNIX time of a partial refill) after the limit is hit;
    other services send ``Retry-After``. Either one, when present, is the time to retry at.
    ``X-RateLimit-Reset`` (UNIX time of the *full* refill, on every answer: opa-api.md section 7)
    is not: waiting for it could cost a whole window when a partial refill comes sooner, so
    without the other two the wait is ``fallback_wait`` (the caller draws it from
    FALLBACK_WAIT_RANGE, as the SDK does), or less when the full refill is sooner still.
    A time already past gives 0: the caller's jitter still spaces the retry.
    """
    moment = _unix_time(headers.get("X-RateLimit-Retry-At"))
    if moment is not None:
        return max(0.0, moment - now)
    delay = _retry_after_seconds(headers.get("Retry-After"), now)
    if delay is not None:
        return max(0.0, delay)
    full_refill = _unix_time(headers.get("X-RateLimit-Reset"))
    if full_refill is not None:
        return max(0.0, min(fallback_wait, full_refill - now))
    return fallback_wait
