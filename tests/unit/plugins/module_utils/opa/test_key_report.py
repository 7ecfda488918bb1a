# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Key ages for audits (opa_service_user_key_info): whole days, expiry, last use, the key Vault holds."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.pamops.okta.plugins.module_utils.opa.key_report import key_report, user_key_report

NOW = datetime.datetime(2026, 11, 23, 12, 0, 0, tzinfo=datetime.timezone.utc)
NINETY_DAYS = 90 * 86400
GO_ZERO = "0001-01-01T00:00:00Z"

OLD = {"id": "old", "issued_at": "2026-08-01T12:00:00Z", "expires_at": "2026-11-25T00:00:00Z", "last_used": "2026-11-20T13:00:00Z"}
NEW = {"id": "new", "issued_at": "2026-11-21T12:00:00Z", "expires_at": GO_ZERO, "last_used": None}
GONE = {"id": "gone", "issued_at": "2026-01-01T00:00:00Z", "expires_at": "2026-03-01T00:00:00Z", "last_used": GO_ZERO}


def test_one_key_in_whole_days():
    report = key_report(OLD, NOW, NINETY_DAYS, stored_key_id="old")
    assert report == {
        "id": "old",
        "issued_at": "2026-08-01T12:00:00Z",
        "expires_at": "2026-11-25T00:00:00Z",
        "last_used": "2026-11-20T13:00:00Z",
        "age_days": 114,
        "expired": False,
        "usable": True,
        "expires_in_days": 1,
        "days_since_last_use": 2,
        "never_used": False,
        "stored_in_vault": True,
        "over_max_age": True,
    }


def test_unset_times_mean_never():
    report = key_report(NEW, NOW)
    assert report["expires_at"] is None and report["expires_in_days"] is None and not report["expired"]
    assert report["never_used"] and report["days_since_last_use"] is None
    assert report["age_days"] == 2 and "over_max_age" not in report
    assert key_report(GONE, NOW)["never_used"]


def test_a_key_just_under_the_limit_is_not_over_it():
    issued = (NOW - datetime.timedelta(days=90) + datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    report = key_report({"id": "k", "issued_at": issued}, NOW, NINETY_DAYS)
    assert report["age_days"] == 89 and not report["over_max_age"]


def test_an_undated_key_counts_as_too_old():
    assert key_report({"id": "k"}, NOW, NINETY_DAYS)["over_max_age"] is True


def test_expired_at_its_expiry():
    report = key_report(GONE, NOW)
    assert report["expired"] and not report["usable"] and report["expires_in_days"] is None


def test_a_user_whose_vault_key_is_the_newest():
    report = user_key_report("svc", [OLD, NEW, GONE], NOW, NINETY_DAYS, vault_checked=True, stored_key_id="new")
    assert [k["id"] for k in report["api_keys"]] == ["new", "old", "gone"]
    assert report["key_count"] == 3 and report["usable_key_count"] == 2
    assert report["newest_key_id"] == "new" and report["newest_key_age_days"] == 2
    assert report["oldest_usable_key_age_days"] == 114
    assert report["last_used"] == "2026-11-20T13:00:00Z"
    assert report["stored_in_vault"] is True and report["stored_is_newest"] is True
    # The old key is still usable for a day and older than 90 days: the user is flagged.
    assert report["over_max_age"] is True


def test_a_user_whose_vault_key_is_older_or_gone():
    older = user_key_report("svc", [OLD, NEW], NOW, vault_checked=True, stored_key_id="old")
    assert older["stored_in_vault"] is True and older["stored_is_newest"] is False
    gone = user_key_report("svc", [NEW, GONE], NOW, vault_checked=True, stored_key_id="gone")
    assert gone["stored_key_id"] == "gone" and gone["stored_in_vault"] is False and gone["stored_is_newest"] is False
    nothing = user_key_report("svc", [NEW], NOW, vault_checked=True, stored_key_id=None)
    assert nothing["stored_in_vault"] is False


def test_without_vault_its_answers_are_null():
    report = user_key_report("svc", [NEW], NOW)
    assert report["stored_in_vault"] is None and report["stored_is_newest"] is None and report["stored_key_id"] is None


def test_a_user_without_keys():
    report = user_key_report("svc", [], NOW, NINETY_DAYS, vault_checked=True)
    assert report["api_keys"] == [] and report["newest_key_id"] is None and report["oldest_usable_key_age_days"] is None
    assert report["over_max_age"] is False and report["stored_in_vault"] is False and report["last_used"] is None
