# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.durations import parse_duration


@pytest.mark.parametrize(
    "value, seconds",
    [(3600, 3600), (1.5, 1.5), ("3600", 3600), ("90d", 90 * 86400), ("12h", 43200), ("1h30m", 5400), ("2w", 1209600), (" 10S ", 10)],
)
def test_durations_in_the_forms_users_write(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["ninety days", "", "10x", "h", "-5", True, "1h 30m"])
def test_anything_else_says_how_to_write_one(value):
    with pytest.raises(ValueError) as caught:
        parse_duration(value)
    assert "30d" in str(caught.value) or "negative" in str(caught.value)
