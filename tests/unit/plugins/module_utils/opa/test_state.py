# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The service's own normalisation, as the modules compare with it (opa-api.md §4.4, §8)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.opa import state

NOW = datetime.datetime(2026, 11, 23, 12, 0, 0, tzinfo=datetime.timezone.utc)


@pytest.mark.parametrize("value", [None, "", "0001-01-01T00:00:00Z"])
def test_null_missing_and_go_zero_time_all_mean_unset(value):
    assert state.normalize_time(value) is None
    assert state.parse_time(value) is None


def test_timestamps_with_nanoseconds_parse_on_every_python():
    assert state.parse_time("2026-11-23T12:00:00.123456789Z") == NOW.replace(microsecond=123456)


@pytest.mark.parametrize(
    "expires_at, usable",
    [(None, True), ("0001-01-01T00:00:00Z", True), ("2026-11-23T12:00:01Z", True), ("2026-11-23T12:00:00Z", False), ("2026-01-01T00:00:00Z", False)],
)
def test_a_key_is_usable_until_its_expiry(expires_at, usable):
    assert state.key_is_usable({"id": "k", "expires_at": expires_at}, NOW) is usable


def test_keys_sort_newest_first_by_issue_time():
    keys = [
        {"id": "b", "issued_at": "2026-01-02T00:00:00Z"},
        {"id": "a", "issued_at": "2026-03-01T00:00:00Z"},
        {"id": "c", "issued_at": None},
    ]
    assert [k["id"] for k in state.newest_first(keys)] == ["a", "b", "c"]


def test_keys_issued_in_the_same_second_sort_by_expiry():
    # A rotation gives older keys an expiry and the new key none.
    keys = [
        {"id": "a-older", "issued_at": "2026-03-01T00:00:00Z", "expires_at": "2026-03-03T00:00:00Z"},
        {"id": "z-newest", "issued_at": "2026-03-01T00:00:00Z", "expires_at": "0001-01-01T00:00:00Z"},
        {"id": "m-middle", "issued_at": "2026-03-01T00:00:00Z", "expires_at": "2026-03-03T00:00:01Z"},
    ]
    assert [k["id"] for k in state.newest_first(keys)] == ["z-newest", "m-middle", "a-older"]


def test_key_view_never_carries_the_secret():
    view = state.key_view({"id": "k", "secret": "s3cr3t", "issued_at": "2026-01-01T00:00:00Z", "expires_at": "0001-01-01T00:00:00Z"})
    assert view == {"id": "k", "issued_at": "2026-01-01T00:00:00Z", "expires_at": None, "last_used": None}


@pytest.mark.parametrize(
    "group, live",
    [
        ({"id": "g", "deleted_at": None}, True),
        ({"id": "g", "deleted_at": "0001-01-01T00:00:00Z"}, True),
        ({"id": "g", "deleted_at": "2026-01-01T00:00:00Z"}, False),
        ({"id": "", "deleted_at": None}, False),
        (None, False),
    ],
)
def test_a_group_is_live_with_an_id_and_no_deletion_time(group, live):
    assert state.is_live_group(group) is live


@pytest.mark.parametrize(
    "host, flavor",
    [
        ("https://app.scaleft.com", "asa"),
        ("https://example.pam.okta.com", "opa"),
        ("https://example.pam.oktapreview.com", "opa"),
        ("http://127.0.0.1:18080", None),
        ("https://evil-okta.com.example.net", None),
    ],
)
def test_flavour_follows_the_host(host, flavor):
    assert state.flavor_of_host(host) == flavor


def test_roles_only_the_service_assigns_are_left_out_of_comparisons():
    # opa-api.md §8: delegated_resource_admin comes from a resource group's delegated admins;
    # Terraform drops it on read (terraform-provider-oktapam oktapam/client/group.go).
    assert state.role_set(["resource_admin", "delegated_resource_admin", "pam_admin", "pam_admin"]) == ["pam_admin", "resource_admin"]
    assert state.service_assigned_roles(["delegated_resource_admin", "pam_admin"]) == ["delegated_resource_admin"]
    assert "delegated_resource_admin" not in state.ROLES["opa"]
