# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authorisation is real: OpenBao policies and tokens decide what the emulated Okta method serves, and the
tokens its logins mint are real OpenBao tokens with exactly the computed policies."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from sandbox_helpers import OKTA_API_TOKEN, PERMISSION_DENIED, assert_no_content, assert_vault_data, assert_vault_error

READ_ONLY = """
path "auth/okta/config" { capabilities = ["read"] }
path "auth/okta/users/*" { capabilities = ["read"] }
path "auth/okta/users/" { capabilities = ["list"] }
"""
UPDATE_ONLY = 'path "auth/okta/config" { capabilities = ["update", "read"] }'
CREATE_ONLY = 'path "auth/okta/config" { capabilities = ["create"] }'


def test_a_read_only_token_reads_but_may_not_write(vault):
    vault.okta()
    vault.write("auth/okta/users/alice", {"policies": "p"})
    vault.policy("okta-reader", READ_ONLY)
    reader = vault.token("okta-reader")
    assert vault.read_data("auth/okta/config", token=reader)["org_name"] == "sandbox-org"
    assert vault.read_data("auth/okta/users/alice", token=reader) == {"groups": [], "policies": ["p"]}
    assert assert_vault_data(vault.list("auth/okta/users", token=reader))["keys"] == ["alice"]
    assert_vault_error(vault.post("auth/okta/config", {"token_ttl": 60}, token=reader), 403, PERMISSION_DENIED)
    assert_vault_error(vault.post("auth/okta/users/alice", {"policies": "x"}, token=reader), 403, PERMISSION_DENIED)
    assert_vault_error(vault.delete("auth/okta/users/alice", token=reader), 403, PERMISSION_DENIED)
    # Nothing the policy does not name: groups, for one.
    assert_vault_error(vault.list("auth/okta/groups", token=reader), 403, PERMISSION_DENIED)
    assert_vault_error(vault.get("auth/okta/groups/eng", token=reader), 403, PERMISSION_DENIED)
    # Nothing changed.
    assert vault.read_data("auth/okta/config")["token_ttl"] == 0
    assert vault.read_data("auth/okta/users/alice") == {"groups": [], "policies": ["p"]}


def test_config_create_and_update_are_distinct_capabilities(vault):
    vault.enable_okta()
    vault.policy("okta-config-update", UPDATE_ONLY)
    vault.policy("okta-config-create", CREATE_ONLY)
    updater, creator = vault.token("okta-config-update"), vault.token("okta-config-create")
    # No config yet: writing it is a create, which "update" does not allow.
    assert_vault_error(vault.post("auth/okta/config", {"org_name": "sandbox-org"}, token=updater), 403, PERMISSION_DENIED)
    assert_vault_error(vault.get("auth/okta/config"), 404)
    assert_no_content(vault.post("auth/okta/config", {"org_name": "sandbox-org"}, token=creator))
    # Now it exists: a write is an update, which "create" does not allow.
    assert_vault_error(vault.post("auth/okta/config", {"token_ttl": 60}, token=creator), 403, PERMISSION_DENIED)
    assert_no_content(vault.post("auth/okta/config", {"token_ttl": 60}, token=updater))
    assert vault.read_data("auth/okta/config", token=updater)["token_ttl"] == 60
    # The creator has no read.
    assert_vault_error(vault.get("auth/okta/config", token=creator), 403, PERMISSION_DENIED)


def test_a_bad_or_missing_token_is_refused(vault):
    vault.okta()
    for token in ("not-a-token", None):
        assert_vault_error(vault.get("auth/okta/config", token=token), 403, PERMISSION_DENIED)
        assert_vault_error(vault.post("auth/okta/users/x", {}, token=token), 403, PERMISSION_DENIED)
        assert_vault_error(vault.list("auth/okta/groups", token=token), 403, PERMISSION_DENIED)
    # A revoked token is a bad token.
    vault.policy("okta-reader", READ_ONLY)
    reader = vault.token("okta-reader")
    assert vault.get("auth/okta/config", token=reader).status_code == 200
    assert_no_content(vault.post("auth/token/revoke", {"token": reader}))
    assert_vault_error(vault.get("auth/okta/config", token=reader), 403, PERMISSION_DENIED)
    # The Authorization: Bearer form is a token too.
    headers = {"Authorization": "Bearer %s" % vault.root}
    assert vault.request("GET", "auth/okta/config", token=None, headers=headers).status_code == 200


def test_acls_are_checked_before_routing(vault):
    """A token without rights gets 403 even on paths the method does not have (§5.4)."""
    vault.okta()
    vault.policy("okta-reader", READ_ONLY)
    reader = vault.token("okta-reader")
    assert_vault_error(vault.get("auth/okta/no-such-path", token=reader), 403, PERMISSION_DENIED)
    assert_vault_error(vault.delete("auth/okta/config", token=reader), 403, PERMISSION_DENIED)
    assert_vault_error(vault.get("auth/okta/no-such-path"), 404, "1 error occurred:\n\t* unsupported path\n\n")


def test_list_and_delete_capabilities(vault):
    vault.okta()
    vault.write("auth/okta/groups/eng", {"policies": "e"})
    vault.policy("okta-groups", 'path "auth/okta/groups/" { capabilities = ["list"] }\npath "auth/okta/groups/*" { capabilities = ["delete"] }')
    token = vault.token("okta-groups")
    assert assert_vault_data(vault.get("auth/okta/groups", params={"list": "true"}, token=token))["keys"] == ["eng"]
    assert_vault_error(vault.get("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)
    assert_no_content(vault.delete("auth/okta/groups/eng", token=token))
    assert_vault_error(vault.get("auth/okta/groups/eng"), 404)


def test_policies_in_a_namespace(vault):
    namespace = vault.namespace()
    vault.okta(namespace=namespace)
    vault.policy("okta-reader", READ_ONLY, namespace=namespace)
    inside = vault.token("okta-reader", namespace=namespace)
    assert vault.read_data("auth/okta/config", namespace=namespace, token=inside)["org_name"] == "sandbox-org"
    assert_vault_error(vault.post("auth/okta/config", {"token_ttl": 1}, namespace=namespace, token=inside), 403, PERMISSION_DENIED)
    # A token of the root namespace whose policy names the namespace's path.
    vault.policy("ns-okta-writer", 'path "%s/auth/okta/config" { capabilities = ["update"] }' % namespace)
    outside = vault.token("ns-okta-writer")
    assert_no_content(vault.post("auth/okta/config", {"token_ttl": 7}, namespace=namespace, token=outside))
    assert vault.read_data("auth/okta/config", namespace=namespace)["token_ttl"] == 7


def test_login_tokens_have_exactly_the_computed_policies(vault):
    vault.okta(api_token=OKTA_API_TOKEN, token_policies="from-config")
    vault.write("auth/okta/groups/engineering", {"policies": "eng"})
    vault.write("auth/okta/users/alice", {"policies": "Mine"})
    token = vault.login_token("alice")
    seen = vault.read_data("auth/token/lookup-self", token=token)
    assert seen["policies"] == ["default", "eng", "from-config", "mine"]
    assert seen["meta"] == {"username": "alice", "policies": "eng,Mine"}
    assert seen["orphan"] is True
    assert seen["renewable"] is True
    # Renewal asks Okta again and compares policies case-sensitively, so alice's "Mine" (stored as
    # typed, lowercased in the token) stops it, as in Vault (path_login.go pathLoginRenew).
    assert_vault_error(vault.post("auth/token/renew-self", {}, token=token), 400, "policies have changed, not renewing")
    # The token revokes itself like any OpenBao token: it is one.
    assert_no_content(vault.post("auth/token/revoke-self", {}, token=token))
    # OpenBao's own refusal of a revoked token (the short form of the message).
    assert_vault_error(vault.get("auth/token/lookup-self", token=token), 403, "permission denied")


def test_a_login_token_reads_the_secrets_its_policies_allow(vault):
    vault.policy("kv-app-reader", 'path "secret/data/app" { capabilities = ["read"] }')
    assert vault.post("secret/data/app", {"data": {"password": "s3cret"}}).status_code == 200
    vault.okta(api_token=OKTA_API_TOKEN)
    vault.write("auth/okta/groups/engineering", {"policies": "KV-App-Reader"})
    # alice is in Okta's engineering group; ivan is in none.
    alice, ivan = vault.login_token("alice"), vault.login_token("ivan")
    secret = vault.read_data("secret/data/app", token=alice)
    assert secret["data"] == {"password": "s3cret"}
    assert_vault_error(vault.get("secret/data/app", token=ivan), 403, PERMISSION_DENIED)
    # Only that secret: the policy allows no other path, and no write.
    assert_vault_error(vault.get("secret/data/other", token=alice), 403, PERMISSION_DENIED)
    assert_vault_error(vault.post("secret/data/app", {"data": {"password": "x"}}, token=alice), 403, PERMISSION_DENIED)
    # And no administration of the method itself.
    assert_vault_error(vault.get("auth/okta/config", token=alice), 403, PERMISSION_DENIED)


def test_login_tokens_are_limited_by_their_uses(vault):
    vault.okta(token_num_uses=2)
    token = vault.login_token("ivan")
    assert vault.get("auth/token/lookup-self", token=token).status_code == 200
    assert vault.get("auth/token/lookup-self", token=token).status_code == 200
    assert_vault_error(vault.get("auth/token/lookup-self", token=token), 403, "permission denied")
