# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Durations as users write them: seconds, or ``90d``, ``12h``, ``1h30m`` and the like.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PART = re.compile(r"(\d+(?:\.\d+)?)([smhdw])")


def parse_duration(value):
    """Seconds (a float) from a number or a string such as ``"3600"``, ``"30d"`` or ``"1h30m"``.

    Raises ValueError with a message a user can act on.
    """
    if isinstance(value, bool):
        raise ValueError("a duration must be a number of seconds or a string like 30d, 12h or 1h30m")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        if re.match(r"^\d+(\.\d+)?$", text):
            seconds = float(text)
        elif text and _PART.sub("", text) == "":
            seconds = sum(float(number) * UNIT_SECONDS[unit] for number, unit in _PART.findall(text))
        else:
            raise ValueError("%r is not a duration: use seconds or a string like 30d, 12h or 1h30m" % (value,))
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds
