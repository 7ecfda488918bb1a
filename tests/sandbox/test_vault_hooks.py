# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The /_sandbox/ hooks on the Vault front's port: request log (logins are no writes), faults on emulated and
passed-through paths, settings, token revocation, reset."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest
import requests

from sandbox_helpers import PERMISSION_DENIED, assert_vault_data, assert_vault_error

LOG_FIELDS = {"time", "method", "path", "query", "route", "principal", "status", "fault", "duration_ms", "seq"}


def test_health(vault):
    response = vault.hook("GET", "health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "vault"}


def test_request_log_routes_and_counts(vault):
    vault.okta()
    vault.write("auth/okta/users/alice", {"policies": "p"})
    vault.get("auth/okta/users/alice")
    vault.get("auth/okta/users/nobody")
    vault.list("auth/okta/users")
    vault.get("sys/auth/okta/tune")
    vault.auth_mounts()
    vault.get("sys/health")
    log = vault.requests_log()
    assert log["counts"] == {
        "POST /v1/sys/auth/<path>": 1,
        "POST /v1/auth/<mount>/config": 1,
        "POST /v1/auth/<mount>/users/<name>": 1,
        "GET /v1/auth/<mount>/users/<name>": 2,
        "LIST /v1/auth/<mount>/users": 1,
        "GET /v1/sys/auth/<path>/tune": 1,
        "GET /v1/sys/auth": 1,
        # Passed through to OpenBao: logged by path.
        "GET /v1/sys/health": 1,
    }
    entries = log["requests"]
    assert all(set(entry) == LOG_FIELDS for entry in entries)
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/v1/sys/auth/okta", 204),
        ("POST", "/v1/auth/okta/config", 204),
        ("POST", "/v1/auth/okta/users/alice", 204),
        ("GET", "/v1/auth/okta/users/alice", 200),
        ("GET", "/v1/auth/okta/users/nobody", 404),
        ("LIST", "/v1/auth/okta/users", 200),
        ("GET", "/v1/sys/auth/okta/tune", 200),
        ("GET", "/v1/sys/auth", 200),
        ("GET", "/v1/sys/health", 200),
    ]
    assert entries[-1]["route"] is None
    assert log["total"] == 9
    assert log["writes"] == 3


def test_logins_are_no_writes(vault):
    vault.okta()
    assert vault.hook("DELETE", "requests").status_code == 204
    vault.login_token("alice")
    assert vault.login("alice", "wrong").status_code == 400
    vault.get("auth/okta/verify/some-nonce", token=None)
    vault.get("auth/okta/config")
    log = vault.requests_log()
    assert log["total"] == 4
    assert log["writes"] == 0
    assert log["counts"] == {"POST /v1/auth/<mount>/login/<name>": 2, "GET /v1/auth/<mount>/verify/<name>": 1, "GET /v1/auth/<mount>/config": 1}
    # An AppRole login (no user name after /login) is no write either.
    vault.post("sys/auth/approle", {"type": "approle"})
    vault.post("auth/approle/role/hooks", {"token_policies": "default"})
    role_id = vault.get("auth/approle/role/hooks/role-id").json()["data"]["role_id"]
    secret_id = vault.post("auth/approle/role/hooks/secret-id", {}).json()["data"]["secret_id"]
    before = vault.requests_log()["writes"]
    assert vault.post("auth/approle/login", {"role_id": role_id, "secret_id": secret_id}, token=None).status_code == 200
    assert vault.requests_log()["writes"] == before
    assert vault.hook("DELETE", "requests").status_code == 204
    # A write still counts, emulated or passed through.
    vault.write("auth/okta/groups/eng", {"policies": "e"})
    vault.policy("hooks-policy", 'path "x" { capabilities = ["read"] }')
    assert vault.delete("auth/okta/groups/eng").status_code == 204
    assert vault.requests_log()["writes"] == 3


def test_error_fault_on_the_front(vault):
    vault.okta()
    fault = vault.add_fault(kind="error", status=503, path="^/v1/auth/okta/", count=2)
    assert fault["faults"][0]["status"] == 503
    assert_vault_error(vault.get("auth/okta/config"), 503, "injected fault: HTTP 503")
    assert_vault_error(vault.post("auth/okta/users/alice", {"policies": "p"}), 503, "injected fault: HTTP 503")
    # The faulted write changed nothing; the third request is served.
    assert_vault_error(vault.get("auth/okta/users/alice"), 404)
    log = vault.requests_log()
    assert [(e["fault"], e["status"]) for e in log["requests"][-3:]] == [("error", 503), ("error", 503), (None, 404)]


def test_error_fault_on_a_passed_through_path(vault):
    vault.add_fault(kind="error", status=502, path="^/v1/sys/policies/", methods=["PUT"], count=1)
    response = vault.request("PUT", "sys/policies/acl/faulted", json={"policy": 'path "x" { capabilities = ["read"] }'})
    assert_vault_error(response, 502, "injected fault: HTTP 502")
    assert vault.get("sys/policies/acl/faulted").status_code == 404
    vault.policy("faulted", 'path "x" { capabilities = ["read"] }')
    assert vault.get("sys/policies/acl/faulted").status_code == 200


def test_drop_fault(vault):
    vault.okta()
    vault.add_fault(kind="drop", path="/config$", count=1)
    with pytest.raises(requests.ConnectionError):
        vault.get("auth/okta/config")
    assert vault.get("auth/okta/config").status_code == 200
    assert vault.requests_log()["requests"][-2]["status"] == "dropped"


def test_lost_response_on_a_user_write_applies_the_change(vault):
    vault.okta()
    vault.add_fault(kind="lost_response", methods=["POST"], path="/users/", count=1)
    with pytest.raises(requests.ConnectionError):
        vault.post("auth/okta/users/alice", {"groups": "g", "policies": "p"})
    assert vault.read_data("auth/okta/users/alice") == {"groups": ["g"], "policies": ["p"]}
    entry = vault.requests_log()["requests"][-2]
    assert (entry["method"], entry["path"], entry["status"], entry["fault"]) == ("POST", "/v1/auth/okta/users/alice", "lost", "lost_response")


def test_rate_limit_and_latency_faults(vault):
    vault.okta()
    vault.add_fault(kind="rate_limit", retry_after=1.5, count=1)
    response = vault.get("auth/okta/config")
    assert_vault_error(response, 429, "Too many requests")
    assert response.headers["Retry-After"] == "2"
    vault.add_fault(kind="latency", delay=0.3, path="/login/", count=1)
    started = time.monotonic()
    vault.login_token("alice")
    assert time.monotonic() - started >= 0.3


def test_okta_latency_setting(vault):
    assert vault.hook("GET", "config").json() == {"okta_latency": 0.0}
    response = vault.hook("PUT", "config", json={"okta_latency": 0.3})
    assert response.status_code == 200
    assert response.json() == {"okta_latency": 0.3}
    vault.okta()
    started = time.monotonic()
    vault.login_token("alice")
    assert time.monotonic() - started >= 0.3
    # Only logins talk to Okta.
    started = time.monotonic()
    vault.get("auth/okta/config")
    assert time.monotonic() - started < 0.3
    response = vault.hook("PUT", "config", json={"token_lifetime": 5})
    assert response.status_code == 400
    assert response.json() == {"message": "bad hook request: unknown setting 'token_lifetime' (known: okta_latency)"}
    response = vault.hook("PUT", "config", json={"okta_latency": -1})
    assert response.status_code == 400
    assert response.json() == {"message": "bad hook request: okta_latency must not be negative"}
    assert vault.hook("GET", "config").json() == {"okta_latency": 0.3}


def test_revoke_tokens_revokes_the_tokens_logins_minted(vault):
    vault.okta()
    # Start from none outstanding (earlier tests minted some on this shared sandbox).
    vault.add_fault(kind="revoke_tokens")
    first, second = vault.login_token("alice"), vault.login_token("ivan")
    other = vault.token("default")
    assert vault.get("auth/token/lookup-self", token=first).status_code == 200
    answer = vault.add_fault(kind="revoke_tokens")
    assert answer == {"faults": [], "revoked_tokens": 2}
    for token in (first, second):
        assert_vault_error(vault.get("auth/token/lookup-self", token=token), 403, "permission denied")
    # Tokens the logins did not mint are left alone.
    assert vault.get("auth/token/lookup-self", token=other).status_code == 200
    assert vault.add_fault(kind="revoke_tokens")["revoked_tokens"] == 0


def test_reset_restarts_openbao_and_forgets_the_emulated_mounts(vault):
    vault.okta()
    vault.write("auth/okta/users/alice", {"policies": "p"})
    vault.policy("before-reset", 'path "x" { capabilities = ["read"] }')
    token = vault.token("before-reset")
    vault.add_fault(kind="error", status=500, path="^/nothing$")
    assert vault.hook("PUT", "config", json={"okta_latency": 0.1}).status_code == 200
    vault.reset()
    assert vault.requests_log()["total"] == 0
    assert vault.hook("GET", "faults").json() == {"faults": []}
    assert vault.hook("GET", "config").json() == {"okta_latency": 0.0}
    assert set(vault.auth_mounts()["data"]) == {"token/"}
    # OpenBao starts afresh: the policy and the token are gone, the root token works.
    assert_vault_error(vault.get("sys/policies/acl/before-reset"), 404)
    assert_vault_error(vault.get("auth/token/lookup-self", token=token), 403, "permission denied")
    assert_vault_error(vault.get("auth/okta/users/alice"), 404, 'no handler for route "auth/okta/users/alice". route entry not found.')
    # And the method can be set up again at once.
    vault.okta()
    assert vault.read_data("auth/okta/config")["org_name"] == "sandbox-org"
    assert assert_vault_data(vault.get("auth/token/lookup-self"))["policies"] == ["root"]
    assert_vault_error(vault.get("auth/okta/config", token=token), 403, PERMISSION_DENIED)
