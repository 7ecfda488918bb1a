# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Vault's own normalisation, as the modules compare with it (vault-okta-api.md §1.3, §3.2, §3.3)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.vault import state


@pytest.mark.parametrize(
    "written, read_back",
    [
        # go-sockaddr's String(): Go's net.IP text (lower case, RFC 5952 compressed), host
        # prefixes dropped, host bits and ports kept (hashicorp/go-sockaddr ipv4addr.go,
        # ipv6addr.go String; sockaddr.go NewSockAddr).
        ("2001:DB8::1", "2001:db8::1"),
        ("2001:0db8:0:0::5/128", "2001:db8::5"),
        ("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        ("2001:DB8::/32", "2001:db8::/32"),
        ("10.0.0.1/32", "10.0.0.1"),
        ("10.0.0.5/8", "10.0.0.5/8"),
        (" 192.168.0.0/16 ", "192.168.0.0/16"),
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("::ffff:10.1.2.3/120", "10.1.2.3/24"),
        ("10.1.2.3:8200", "10.1.2.3:8200"),
        ("[2001:DB8::1]:443", "[2001:db8::1]:443"),
        ("/run/vault.sock", "/run/vault.sock"),
    ],
)
def test_token_bound_cidrs_compare_in_the_form_vault_reads_back(written, read_back):
    assert state.host_form(written) == read_back


def test_a_cidr_list_is_a_set_of_read_back_forms():
    assert state.cidr_set(["2001:DB8::1", "2001:db8::1/128", "10.0.0.1/32", "", "10.0.0.1"]) == ["10.0.0.1", "2001:db8::1"]
    assert state.config_view({"token_bound_cidrs": ["2001:db8::1"]})["token_bound_cidrs"] == state.cidr_set(["2001:0DB8:0:0::1"])


@pytest.mark.parametrize(
    "name, stored, expected",
    [
        ("Vault-Admins", ["engineering", "vault-admins"], "vault-admins"),
        ("vault-admins", ["Vault-Admins"], "Vault-Admins"),
        ("Vault-Admins", ["Vault-Admins", "vault-admins"], "Vault-Admins"),
        ("Ops", ["engineering"], "ops"),
        ("Ops", [], "ops"),
        ("team/Nested", ["team/nested"], "team/nested"),
    ],
)
def test_the_group_name_is_the_one_vault_holds(name, stored, expected):
    assert state.stored_group_name(name, stored) == expected


def test_a_token_that_may_not_list_groups_keeps_the_plays_spelling():
    from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError

    def denied():
        raise ApiError("HTTP 403 Forbidden", status=403)

    def broken():
        raise ApiError("HTTP 500", status=500)

    assert state.held_group_name("Ops", denied) == "Ops"
    assert state.held_group_name("Ops", lambda: ["ops"]) == "ops"
    with pytest.raises(ApiError):
        state.held_group_name("Ops", broken)


def test_group_policies_are_lower_cased_as_go_does():
    # strings.ToLower maps U+0130 to "i"; Python's str.lower gives "i" + U+0307 (found by tests/property).
    assert state.group_policies(["\u0130nfra", " Ops ", "ops"]) == ["infra", "ops"]


@pytest.mark.parametrize("a, b, equal", [("\u0131", "I", False), ("\u0130", "i", False), ("\u017f", "S", True), ("\u212a", "k", True), ("Eng", "eNG", True)])
def test_names_fold_as_go_equal_fold(a, b, equal):
    assert state.equal_fold(a, b) is equal
