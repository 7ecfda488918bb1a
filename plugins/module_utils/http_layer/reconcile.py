# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes that must not be repeated blindly: send, and when the answer does not say whether the
change was made, read back and decide.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

A create (an OPA user or group, a Vault mount) cannot simply be retried like a PUT: when the
first request did arrive but its answer was lost, the retry is refused (409, "path is already in
use") and the run fails on a change it made itself. When two jobs race, the loser sees the same
refusal for an object that is exactly as it wants. Both cases end the same way here: read the
object back; if it is there (and as wanted), the write is done; if it is not, send it again.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError

# Gateway and server errors leave the outcome open: the service may have applied the change
# before failing to answer (a proxy's 502/504 after the backend committed, say).
_UNKNOWN_OUTCOME_STATUSES = frozenset((500, 502, 503, 504))


def outcome_unknown(error):
    """Whether a failed write may nevertheless have been applied: no answer arrived (a dropped
    connection, a timeout) or the answer was a server or gateway error."""
    return isinstance(error, ApiError) and (error.status is None or error.status in _UNKNOWN_OUTCOME_STATUSES)


def send_then_settle(send, read_back, attempts, is_conflict=None):
    """``send()`` a write; when its outcome is unknown, or it is refused as a conflict
    (``is_conflict(error)``), ``read_back()`` decides.

    ``read_back()`` returns something truthy (what the caller wants to return) when the change is
    in place, and something falsy when it is not. After an unknown outcome that is not in place,
    the write is sent again, ``attempts`` times in all; a conflict that is not in place raises
    the service's own refusal at once (it will not go away by repeating).
    Returns ``(answer, settled)``: the write's answer, or what ``read_back`` found with
    ``settled=True``.
    """
    error = None
    for _attempt in range(max(1, attempts)):
        try:
            return send(), False
        except ApiError as exc:
            conflict = bool(is_conflict and is_conflict(exc))
            if not (conflict or outcome_unknown(exc)):
                raise
            error = exc
        found = read_back()
        if found:
            return found, True
        if not outcome_unknown(error):
            raise error
    raise error
