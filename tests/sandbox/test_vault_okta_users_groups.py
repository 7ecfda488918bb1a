# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``users/*`` and ``groups/*`` of the emulated Okta method (vault-okta-api.md §2, §3): verbatim users,
normalised groups, full replace, lookups, lists, deletes."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from sandbox_helpers import UNSUPPORTED_OPERATION, assert_no_content, assert_vault_data, assert_vault_error


@pytest.fixture(name="okta")
def okta_fixture(vault):
    """The shared Vault with a configured okta mount at ``okta``."""
    vault.okta()
    return vault


def keys(response):
    return assert_vault_data(response)["keys"]


# -- users ---------------------------------------------------------------------------------------


def test_user_lists_are_stored_verbatim(okta):
    assert_no_content(okta.post("auth/okta/users/alice", {"groups": " Eng , ,Ops,Eng", "policies": ["P1", " p2 ", "", 7]}))
    # Trimmed per element; empty elements kept; no lowercasing, dedup or sorting; numbers become strings.
    assert okta.read_data("auth/okta/users/alice") == {"groups": ["Eng", "", "Ops", "Eng"], "policies": ["P1", "p2", "", "7"]}


def test_user_write_is_a_full_replace(okta):
    okta.write("auth/okta/users/alice", {"groups": "g1", "policies": "p1"})
    assert_no_content(okta.post("auth/okta/users/alice", {"policies": "p2"}))
    assert okta.read_data("auth/okta/users/alice") == {"groups": [], "policies": ["p2"]}
    assert_no_content(okta.post("auth/okta/users/alice", {}))
    assert okta.read_data("auth/okta/users/alice") == {"groups": [], "policies": []}
    # An empty string is an empty list; unknown parameters (hvac sends "username") are ignored, with no warning.
    assert_no_content(okta.post("auth/okta/users/alice", {"groups": "", "policies": "x", "username": "alice"}))
    assert okta.read_data("auth/okta/users/alice") == {"groups": [], "policies": ["x"]}


def test_user_names_are_case_sensitive(okta):
    okta.write("auth/okta/users/Alice", {"policies": "upper"})
    assert_vault_error(okta.get("auth/okta/users/alice"), 404)
    assert_no_content(okta.delete("auth/okta/users/alice"))
    assert okta.read_data("auth/okta/users/Alice") == {"groups": [], "policies": ["upper"]}
    okta.write("auth/okta/users/alice", {"policies": "lower"})
    assert keys(okta.list("auth/okta/users")) == ["Alice", "alice"]
    assert okta.read_data("auth/okta/users/Alice")["policies"] == ["upper"]


def test_user_list_is_not_recursive(okta):
    for name in ("bob", "team/carol", "team/deep/dave", "alice"):
        okta.write("auth/okta/users/%s" % name, {"policies": name.replace("/", "-")})
    # A name with a slash shows as its folder, "team/", which is no user itself.
    assert keys(okta.list("auth/okta/users")) == ["alice", "bob", "team/"]
    assert keys(okta.get("auth/okta/users", params={"list": "true"})) == ["alice", "bob", "team/"]
    assert keys(okta.list("auth/okta/users/")) == ["alice", "bob", "team/"]
    assert okta.read_data("auth/okta/users/team/deep/dave") == {"groups": [], "policies": ["team-deep-dave"]}
    assert_vault_error(okta.get("auth/okta/users/team"), 404)
    assert_vault_error(okta.get("auth/okta/users/team/"), 404)


def test_missing_user_and_empty_list(okta):
    assert_vault_error(okta.get("auth/okta/users/nobody"), 404)
    assert_vault_error(okta.list("auth/okta/users"), 404)
    assert_vault_error(okta.get("auth/okta/users", params={"list": "true"}), 404)
    okta.write("auth/okta/users/alice")
    assert_no_content(okta.delete("auth/okta/users/alice"))
    assert_vault_error(okta.get("auth/okta/users/alice"), 404)
    assert_vault_error(okta.list("auth/okta/users"), 404)
    # Delete is 204 whether or not the user exists.
    assert_no_content(okta.delete("auth/okta/users/alice"))


def test_users_work_without_config(vault):
    vault.enable_okta()
    vault.write("auth/okta/users/alice", {"policies": "p"})
    assert keys(vault.list("auth/okta/users")) == ["alice"]
    assert_vault_error(vault.get("auth/okta/config"), 404)


def test_unsupported_user_operations(okta):
    okta.write("auth/okta/users/alice")
    assert_vault_error(okta.get("auth/okta/users"), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.post("auth/okta/users/", {"policies": "x"}), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.delete("auth/okta/users"), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.list("auth/okta/users/alice"), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.request("PATCH", "auth/okta/users/alice", json={}), 405, UNSUPPORTED_OPERATION)
    # GET and DELETE read no body (hvac sends one): the user is read, then deleted.
    assert okta.request("GET", "auth/okta/users/alice", json={"username": "other"}).status_code == 200
    assert_no_content(okta.request("DELETE", "auth/okta/users/alice", json={"username": "other"}))
    assert_vault_error(okta.get("auth/okta/users/alice"), 404)


# -- groups --------------------------------------------------------------------------------------


def test_group_policies_are_normalised(okta):
    assert_no_content(okta.post("auth/okta/groups/Admins", {"policies": "Ops, b ,,A,ops,  a"}))
    # Trimmed, lowercased, empty dropped, deduplicated, sorted; "default" not added.
    assert okta.read_data("auth/okta/groups/admins") == {"policies": ["a", "b", "ops"]}
    okta.write("auth/okta/groups/admins", {"policies": ["x", "Root", "y"]})
    assert okta.read_data("auth/okta/groups/admins") == {"policies": ["root"]}
    okta.write("auth/okta/groups/admins", {"policies": ""})
    assert okta.read_data("auth/okta/groups/admins") == {"policies": []}


def test_groups_are_stored_lowercase_and_found_ignoring_case(okta):
    okta.write("auth/okta/groups/Vault-Admins", {"policies": "admin"})
    assert keys(okta.list("auth/okta/groups")) == ["vault-admins"]
    for name in ("vault-admins", "VAULT-ADMINS", "Vault-Admins", "vAULT-aDMINS"):
        assert okta.read_data("auth/okta/groups/%s" % name) == {"policies": ["admin"]}
    # A write under another case updates the same group: still one key.
    okta.write("auth/okta/groups/VAULT-admins", {"policies": "changed"})
    assert keys(okta.list("auth/okta/groups")) == ["vault-admins"]
    assert okta.read_data("auth/okta/groups/vault-admins") == {"policies": ["changed"]}
    # Delete finds it ignoring case too.
    assert_no_content(okta.delete("auth/okta/groups/VAULT-ADMINS"))
    assert_vault_error(okta.get("auth/okta/groups/vault-admins"), 404)
    assert_vault_error(okta.list("auth/okta/groups"), 404)


def test_group_write_is_a_full_replace(okta):
    okta.write("auth/okta/groups/eng", {"policies": "a,b"})
    assert_no_content(okta.post("auth/okta/groups/eng", {}))
    assert okta.read_data("auth/okta/groups/eng") == {"policies": []}


def test_group_list_is_recursive_top_level_first(okta):
    """The order of the upstream test (path_groups_test.go): the top level sorted, then deeper levels."""
    for name in ("zfoo", "foo/even/more/nested", "\U0001f642", "foo/nested", "foo", "%20\\"):
        okta.write("auth/okta/groups/%s" % name.replace("%", "%25").replace("\\", "%5C"), {"policies": "p"})
    assert keys(okta.list("auth/okta/groups")) == ["%20\\", "foo", "zfoo", "\U0001f642", "foo/nested", "foo/even/more/nested"]
    assert keys(okta.get("auth/okta/groups", params={"list": "true"})) == ["%20\\", "foo", "zfoo", "\U0001f642", "foo/nested", "foo/even/more/nested"]
    assert okta.read_data("auth/okta/groups/FOO/Nested") == {"policies": ["p"]}


def test_missing_group_empty_list_and_delete(okta):
    assert_vault_error(okta.get("auth/okta/groups/none"), 404)
    assert_vault_error(okta.list("auth/okta/groups"), 404)
    assert_no_content(okta.delete("auth/okta/groups/none"))
    assert_vault_error(okta.get("auth/okta/groups"), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.post("auth/okta/groups/", {}), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.list("auth/okta/groups/x"), 405, UNSUPPORTED_OPERATION)


def test_bad_list_values_are_field_errors(okta):
    response = okta.post("auth/okta/users/alice", {"groups": {"a": 1}})
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith('Field validation failed: error converting input {')
    assert 'for field "groups"' in response.json()["errors"][0]
    assert_vault_error(okta.get("auth/okta/users/alice"), 404)
    response = okta.post("auth/okta/groups/eng", {"policies": [["nested"]]})
    assert response.status_code == 400
    assert 'for field "policies"' in response.json()["errors"][0]
    assert_vault_error(okta.get("auth/okta/groups/eng"), 404)


def test_groups_lower_case_and_fold_as_go_does(okta):
    # Vault lower-cases with Go's strings.ToLower (simple mapping: U+0130 is "i", where Python's
    # str.lower gives "i" + U+0307) and matches names with strings.EqualFold (§3.2, §3.3), where the
    # long s folds with "s" and the dotless i folds with nothing. Found by tests/property.
    okta.write("auth/okta/groups/\u0130nfra", {"policies": ["\u0130nfra", "Ops"]})
    assert keys(okta.list("auth/okta/groups")) == ["infra"]
    assert okta.read_data("auth/okta/groups/infra") == {"policies": ["infra", "ops"]}
    okta.write("auth/okta/groups/\u017fec", {"policies": "a"})
    assert okta.read_data("auth/okta/groups/SEC") == {"policies": ["a"]}
    okta.write("auth/okta/groups/\u0131", {"policies": "dotless"})
    assert_vault_error(okta.get("auth/okta/groups/I"), 404)
