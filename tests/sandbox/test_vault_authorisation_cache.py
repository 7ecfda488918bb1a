# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The front keeps OpenBao's capability answers (issue 13), and it is never wrong for it: a token
revoked, or a policy changed, through the front is refused on the very next request; an expired
token is refused; a token with a use limit is asked about every time."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
import uuid

import pytest

from sandbox_helpers import PERMISSION_DENIED, assert_no_content, assert_vault_data, assert_vault_error

READ_GROUPS = 'path "auth/okta/groups/*" { capabilities = ["read"] }'
READ_USERS = 'path "auth/okta/users/*" { capabilities = ["read"] }'


@pytest.fixture(name="okta")
def okta_fixture(vault):
    vault.okta()
    vault.write("auth/okta/groups/eng", {"policies": "e"})
    vault.write("auth/okta/users/alice", {"policies": "a"})
    return vault


def asked(vault):
    """How often the front has asked OpenBao for capabilities so far."""
    return vault.sandbox.vault_front.acl_cache.asked


def reader(vault, rules=READ_GROUPS, **token_options):
    name = "cache-%s" % uuid.uuid4().hex[:8]
    vault.policy(name, rules)
    body = dict({"policies": [name], "no_default_policy": True, "ttl": "1h"}, **token_options)
    response = vault.post("auth/token/create", body)
    assert response.status_code == 200, response.text
    return name, response.json()["auth"]["client_token"]


def test_a_repeated_request_is_not_asked_again(okta):
    _name, token = reader(okta)
    before = asked(okta)
    for _attempt in range(5):
        assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    assert asked(okta) - before == 1
    # A path the policy does not grant stays refused, cached or not.
    for _attempt in range(3):
        assert_vault_error(okta.get("auth/okta/users/alice", token=token), 403, PERMISSION_DENIED)
    assert asked(okta) - before == 2


def test_a_root_token_is_asked_about_once_for_every_path(okta):
    okta.read_data("auth/okta/groups/eng")
    before = asked(okta)
    for path in ("auth/okta/groups/eng", "auth/okta/users/alice", "auth/okta/config"):
        okta.read_data(path)
    assert_no_content(okta.post("auth/okta/groups/other", {"policies": "o"}))
    assert asked(okta) == before


@pytest.mark.parametrize("how", ["revoke", "revoke-self", "revoke-accessor", "revoke-orphan"])
def test_a_token_revoked_through_the_front_is_refused_at_once(okta, how):
    # The default policy lets a token revoke itself.
    _name, token = reader(okta, no_default_policy=False)
    assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    if how == "revoke-self":
        assert_no_content(okta.post("auth/token/revoke-self", token=token))
    elif how == "revoke-accessor":
        accessor = okta.lookup(token)["accessor"]
        assert_no_content(okta.post("auth/token/revoke-accessor", {"accessor": accessor}))
    else:
        assert_no_content(okta.post("auth/token/%s" % how, {"token": token}))
    assert_vault_error(okta.get("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)


@pytest.mark.parametrize("endpoint", ["sys/policies/acl", "sys/policy"])
def test_a_policy_changed_through_the_front_applies_at_once(okta, endpoint):
    name, token = reader(okta)
    assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    assert_vault_error(okta.get("auth/okta/users/alice", token=token), 403, PERMISSION_DENIED)
    # The policy now names users instead of groups: both answers turn at once.
    assert okta.request("PUT", "%s/%s" % (endpoint, name), json={"policy": READ_USERS}).status_code in (200, 204)
    assert_vault_error(okta.get("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)
    assert okta.read_data("auth/okta/users/alice", token=token) == {"groups": [], "policies": ["a"]}
    # Deleted: nothing is allowed any more.
    assert_no_content(okta.delete("%s/%s" % (endpoint, name)))
    assert_vault_error(okta.get("auth/okta/users/alice", token=token), 403, PERMISSION_DENIED)


def test_a_token_revoked_by_the_sandbox_hook_is_refused_at_once(okta):
    okta.configure(token_policies="reads-groups")
    okta.policy("reads-groups", READ_GROUPS)
    token = okta.login_token("alice")
    assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    assert okta.hook("POST", "faults", json={"kind": "revoke_tokens"}).status_code == 201
    assert_vault_error(okta.get("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)


def test_an_expired_token_is_refused(okta):
    _name, token = reader(okta, ttl="3s")
    started = time.monotonic()
    assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    time.sleep(max(0.0, 3.5 - (time.monotonic() - started)))
    assert_vault_error(okta.get("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)


def test_a_token_with_a_use_limit_is_asked_about_every_time(okta):
    _name, token = reader(okta, num_uses=50)
    before = asked(okta)
    for _attempt in range(3):
        assert okta.read_data("auth/okta/groups/eng", token=token) == {"policies": ["e"]}
    assert asked(okta) - before == 3


def test_reads_through_the_cache_match_openbao(okta):
    """What the cache answers is what OpenBao answers: list, read and write on a granted and an
    ungranted path, each asked twice."""
    rules = 'path "auth/okta/groups/*" { capabilities = ["read", "update"] }\npath "auth/okta/groups/" { capabilities = ["list"] }'
    _name, token = reader(okta, rules=rules)
    for _attempt in range(2):
        assert assert_vault_data(okta.list("auth/okta/groups", token=token))["keys"] == ["eng"]
        assert_no_content(okta.post("auth/okta/groups/eng", {"policies": "e"}, token=token))
        assert_vault_error(okta.delete("auth/okta/groups/eng", token=token), 403, PERMISSION_DENIED)
        assert_vault_error(okta.list("auth/okta/users", token=token), 403, PERMISSION_DENIED)
