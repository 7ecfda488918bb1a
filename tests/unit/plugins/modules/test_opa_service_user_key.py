# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Which keys a run may delete: never the one somebody relies on, nor the one it logs in with."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.modules.opa_service_user_key import keys_always_kept, keys_to_delete

NEW = {"id": None}
NEWEST, MIDDLE, OLDEST = {"id": "k3"}, {"id": "k2"}, {"id": "k1"}


def params(keep=None, state="present", delete_key_id=None):
    return {"keep": keep, "state": state, "delete_key_id": delete_key_id}


def plan(keys, keep, reason=None, stored=None, storing=False, own=None):
    kept = keys_always_kept(reason, keys, stored, storing, own)
    return keys_to_delete(params(keep), keys, kept)


def test_a_new_key_replaces_every_older_one_with_keep_1():
    assert plan([NEW, NEWEST, MIDDLE, OLDEST], keep=1, reason="rotate requested", own="k1") == ["k3", "k2", "k1"]


def test_without_a_new_key_the_newest_key_is_kept():
    assert plan([NEWEST, MIDDLE, OLDEST], keep=1) == ["k2", "k1"]


def test_with_vault_the_stored_key_is_kept_and_a_newer_unstored_key_goes():
    # A key whose secret nobody holds (an orphan) must not outlive the next run.
    assert plan([NEWEST, MIDDLE, OLDEST], keep=1, stored="k2", storing=True) == ["k3", "k1"]


def test_the_key_a_run_logs_in_with_is_never_deleted_without_a_replacement():
    assert plan([NEWEST, MIDDLE, OLDEST], keep=1, own="k1") == ["k2"]


def test_keep_fills_with_the_newest_others_after_the_protected_keys():
    assert plan([NEWEST, MIDDLE, OLDEST], keep=2, own="k1") == ["k2"]
    assert plan([NEWEST, MIDDLE, OLDEST], keep=3, own="k1") == []


def test_without_keep_nothing_is_deleted():
    assert plan([NEW, NEWEST, OLDEST], keep=None, reason="older than max_age") == []


@pytest.mark.parametrize("delete_key_id, expected", [(None, ["k3", "k1"]), ("k1", ["k1"]), ("nope", [])])
def test_state_absent_deletes_the_named_key_or_all(delete_key_id, expected):
    assert keys_to_delete(params(state="absent", delete_key_id=delete_key_id), [NEWEST, OLDEST]) == expected
