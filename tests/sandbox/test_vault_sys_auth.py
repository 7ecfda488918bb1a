# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``sys/auth`` on the Vault front (vault-okta-api.md §5.5): emulated okta mounts beside OpenBao's real ones."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

from sandbox_helpers import ORG_NAME, assert_no_content, assert_vault_data, assert_vault_error

MOUNT_ENTRY_KEYS = {
    "accessor",
    "config",
    "deprecation_status",
    "description",
    "external_entropy_access",
    "local",
    "options",
    "plugin_version",
    "running_plugin_version",
    "running_sha256",
    "seal_wrap",
    "type",
    "uuid",
}
# Vault's system defaults (768 h), reported by tune when a mount sets none.
SYSTEM_TTL = 2764800


def test_enabling_okta_creates_an_emulated_mount(vault):
    response = vault.post("sys/auth/okta", {"type": "okta", "description": "Okta people"})
    assert_no_content(response)
    listing = vault.auth_mounts()
    entry = listing["data"]["okta/"]
    assert set(entry) == MOUNT_ENTRY_KEYS
    assert entry["type"] == "okta"
    assert entry["description"] == "Okta people"
    assert entry["accessor"].startswith("auth_okta_")
    assert entry["config"] == {"default_lease_ttl": 0, "max_lease_ttl": 0, "force_no_cache": False, "token_type": "default-service"}
    assert entry["local"] is False and entry["seal_wrap"] is False
    uuid.UUID(entry["uuid"])
    # sys/auth repeats the mounts at the top level of the answer.
    assert listing["okta/"] == entry
    # The mount reads back on its own, and the emulated method answers under it.
    assert assert_vault_data(vault.get("sys/auth/okta")) == entry
    assert_vault_error(vault.get("auth/okta/config"), 404)


def test_listing_merges_emulated_and_real_mounts(vault):
    vault.enable_okta("okta")
    vault.enable_okta("people/okta")
    assert_no_content(vault.post("sys/auth/up", {"type": "userpass"}))
    listing = vault.auth_mounts()
    assert set(listing["data"]) == {"token/", "up/", "okta/", "people/okta/"}
    assert all(key.endswith("/") for key in listing["data"])
    assert {key: entry["type"] for key, entry in listing["data"].items()} == {
        "token/": "token",
        "up/": "userpass",
        "okta/": "okta",
        "people/okta/": "okta",
    }
    for key, entry in listing["data"].items():
        assert listing[key] == entry
    assert listing["data"]["okta/"]["accessor"] != listing["data"]["people/okta/"]["accessor"]


def test_two_mounts_are_independent(vault):
    vault.okta("okta", api_token="first-token")
    vault.enable_okta("okta-b")
    assert_vault_error(vault.get("auth/okta-b/config"), 404)
    vault.write("auth/okta/users/alice", {"policies": "a"})
    vault.write("auth/okta/groups/eng", {"policies": "e"})
    assert_vault_error(vault.get("auth/okta-b/users/alice"), 404)
    assert_vault_error(vault.list("auth/okta-b/users"), 404)
    assert_vault_error(vault.list("auth/okta-b/groups"), 404)
    vault.configure("okta-b", org_name="other-org")
    assert vault.read_data("auth/okta/config")["org_name"] == ORG_NAME
    assert vault.read_data("auth/okta-b/config")["org_name"] == "other-org"
    # Removing one leaves the other whole.
    assert_no_content(vault.delete("sys/auth/okta-b"))
    assert vault.read_data("auth/okta/users/alice") == {"groups": [], "policies": ["a"]}


def test_namespaces_have_their_own_mounts(vault):
    first, second = vault.namespace(), vault.namespace()
    vault.okta("okta")
    vault.okta("okta", namespace=first, org_name="first-org")
    vault.enable_okta("okta", namespace=second)
    assert vault.read_data("auth/okta/config")["org_name"] == ORG_NAME
    assert vault.read_data("auth/okta/config", namespace=first)["org_name"] == "first-org"
    assert_vault_error(vault.get("auth/okta/config", namespace=second), 404)
    vault.write("auth/okta/users/alice", {"policies": "ns-only"}, namespace=first)
    assert_vault_error(vault.get("auth/okta/users/alice"), 404)
    # Each namespace lists its own mounts: OpenBao's ns_token/ and the emulated okta/.
    root_listing, first_listing = vault.auth_mounts(), vault.auth_mounts(namespace=first)
    assert set(first_listing["data"]) == {"token/", "okta/"}
    assert first_listing["data"]["token/"]["type"] == "ns_token"
    assert first_listing["okta/"] == first_listing["data"]["okta/"]
    assert first_listing["data"]["okta/"]["accessor"] != root_listing["data"]["okta/"]["accessor"]
    assert_no_content(vault.delete("sys/auth/okta", namespace=first))
    assert "okta/" not in vault.auth_mounts(namespace=first)["data"]
    assert "okta/" in vault.auth_mounts(namespace=second)["data"]
    assert vault.read_data("auth/okta/config")["org_name"] == ORG_NAME


def test_a_mount_in_a_namespace_is_not_in_the_root_namespace(vault):
    namespace = vault.namespace()
    vault.okta("team-okta", namespace=namespace)
    assert "team-okta/" not in vault.auth_mounts()["data"]
    # Outside its namespace the path is OpenBao's, which has no such mount.
    assert_vault_error(vault.get("auth/team-okta/config"), 404, 'no handler for route "auth/team-okta/config". route entry not found.')


def test_disable_is_204_even_when_nothing_is_mounted(vault):
    vault.okta("okta")
    assert_no_content(vault.delete("sys/auth/okta"))
    assert "okta/" not in vault.auth_mounts()["data"]
    # Now OpenBao answers for the path: there is no handler for it.
    assert_vault_error(vault.get("auth/okta/config"), 404, 'no handler for route "auth/okta/config". route entry not found.')
    assert_no_content(vault.delete("sys/auth/okta"))
    assert_no_content(vault.delete("sys/auth/never-mounted"))
    # A new mount at the same path starts empty.
    vault.enable_okta("okta")
    assert_vault_error(vault.get("auth/okta/config"), 404)


def test_path_already_in_use(vault):
    vault.enable_okta("okta")
    assert_no_content(vault.post("sys/auth/up", {"type": "userpass"}))
    assert_vault_error(vault.post("sys/auth/okta", {"type": "okta"}), 400, "path is already in use at okta/")
    # Any other type at an emulated path, and okta at a real one.
    assert_vault_error(vault.post("sys/auth/okta", {"type": "userpass"}), 400, "path is already in use at okta/")
    assert_vault_error(vault.post("sys/auth/up", {"type": "okta"}), 400, "path is already in use at up/")
    # Overlapping paths count too.
    assert_vault_error(vault.post("sys/auth/okta/inner", {"type": "okta"}), 400, "path is already in use at okta/")
    assert_vault_error(vault.post("sys/auth/up/inner", {"type": "okta"}), 400, "path is already in use at up/")
    # The same path in another namespace is free.
    assert_no_content(vault.post("sys/auth/okta", {"type": "okta"}, namespace=vault.namespace()))


def test_other_types_pass_through_to_openbao(vault):
    assert_no_content(vault.post("sys/auth/up", {"type": "userpass", "description": "real"}))
    entry = vault.auth_mounts()["data"]["up/"]
    assert entry["type"] == "userpass" and entry["description"] == "real"
    # A real userpass method in OpenBao: a user logs in and gets a real token.
    assert_no_content(vault.post("auth/up/users/u1", {"password": "pw", "token_policies": "p1"}))
    response = vault.post("auth/up/login/u1", {"password": "pw"}, token=None)
    assert response.status_code == 200, response.text
    assert response.json()["auth"]["policies"] == ["default", "p1"]
    # OpenBao's own errors come through unchanged.
    assert_vault_error(vault.post("sys/auth/nothing", {}), 400, "backend type must be specified as a string")
    assert_no_content(vault.delete("sys/auth/up"))
    assert "up/" not in vault.auth_mounts()["data"]


def test_tune(vault):
    vault.enable_okta("okta", description="before")
    tune = assert_vault_data(vault.get("sys/auth/okta/tune"))
    assert tune == {
        "description": "before",
        "default_lease_ttl": SYSTEM_TTL,
        "max_lease_ttl": SYSTEM_TTL,
        "force_no_cache": False,
        "token_type": "default-service",
    }
    body = {"default_lease_ttl": "1h", "max_lease_ttl": 7200, "description": "after", "listing_visibility": "unauth", "token_type": "service"}
    assert_no_content(vault.post("sys/auth/okta/tune", body))
    assert assert_vault_data(vault.get("sys/auth/okta/tune")) == {
        "description": "after",
        "default_lease_ttl": 3600,
        "max_lease_ttl": 7200,
        "force_no_cache": False,
        "token_type": "service",
        "listing_visibility": "unauth",
    }
    entry = vault.auth_mounts()["data"]["okta/"]
    assert entry["description"] == "after"
    assert entry["config"] == {
        "default_lease_ttl": 3600,
        "max_lease_ttl": 7200,
        "force_no_cache": False,
        "token_type": "service",
        "listing_visibility": "unauth",
    }
    # The path the vault and bao CLIs use ("auth tune") reaches the same mount.
    assert_no_content(vault.post("sys/mounts/auth/okta/tune", {"default_lease_ttl": "30m"}))
    assert assert_vault_data(vault.get("sys/mounts/auth/okta/tune"))["default_lease_ttl"] == 1800
    # Bad values change nothing.
    response = vault.post("sys/auth/okta/tune", {"default_lease_ttl": "3h"})
    assert_vault_error(response, 400, "backend max lease TTL cannot be less than backend default lease TTL")
    assert_vault_error(vault.post("sys/auth/okta/tune", {"token_type": "weird"}), 400, "invalid value for 'token_type'")
    assert assert_vault_data(vault.get("sys/auth/okta/tune"))["default_lease_ttl"] == 1800
    assert_vault_error(vault.delete("sys/auth/okta/tune"), 405, "1 error occurred:\n\t* unsupported operation\n\n")


def test_enable_with_config(vault):
    vault.enable_okta("okta", description="d", config={"default_lease_ttl": "2h", "max_lease_ttl": "4h", "listing_visibility": "hidden"})
    entry = vault.auth_mounts()["data"]["okta/"]
    assert entry["config"] == {
        "default_lease_ttl": 7200,
        "max_lease_ttl": 14400,
        "force_no_cache": False,
        "token_type": "default-service",
        "listing_visibility": "hidden",
    }
    response = vault.post("sys/auth/okta-bad", {"type": "okta", "config": {"default_lease_ttl": "5h", "max_lease_ttl": "1h"}})
    assert_vault_error(response, 400, "backend max lease TTL cannot be less than backend default lease TTL")
    assert "okta-bad/" not in vault.auth_mounts()["data"]


def test_mount_administration_needs_sudo(vault):
    listing = '\npath "sys/auth" { capabilities = ["read"] }'
    vault.policy("mounts-no-sudo", 'path "sys/auth/*" { capabilities = ["create", "read", "update", "delete"] }' + listing)
    vault.policy("mounts-sudo", 'path "sys/auth/*" { capabilities = ["create", "read", "update", "delete", "sudo"] }' + listing)
    plain, sudo = vault.token("mounts-no-sudo"), vault.token("mounts-sudo")
    assert_vault_error(vault.post("sys/auth/okta", {"type": "okta"}, token=plain), 403, "1 error occurred:\n\t* permission denied\n\n")
    assert "okta/" not in vault.auth_mounts()["data"]
    assert_no_content(vault.post("sys/auth/okta", {"type": "okta"}, token=sudo))
    assert_vault_error(vault.delete("sys/auth/okta", token=plain), 403, "1 error occurred:\n\t* permission denied\n\n")
    assert_vault_error(vault.get("sys/auth/okta/tune", token="not-a-token"), 403, "1 error occurred:\n\t* permission denied\n\n")
    assert assert_vault_data(vault.get("sys/auth/okta/tune", token=sudo))["token_type"] == "default-service"
    assert_no_content(vault.delete("sys/auth/okta", token=sudo))
