# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What survives a restart on the Vault side (the emulated mounts, in vault.json; not OpenBao's dev-mode
storage), and the Vault front over HTTPS with the throwaway CA."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from sandbox_helpers import OKTA_API_TOKEN, Vault, assert_vault_data, assert_vault_error


@pytest.fixture(name="start_vault")
def start_vault_fixture(start_sandbox):
    """Start a sandbox with Vault on free ports; ``start_vault.stop(vault)`` shuts it down now."""
    clients = {}

    def start(**kwargs):
        api = start_sandbox(vault=True, vault_port=0, bao_port=0, **kwargs)
        vault = Vault(api.sandbox)
        clients[vault] = api
        return vault

    def stop(vault):
        vault.close()
        start_sandbox.stop(clients.pop(vault))

    start.stop = stop
    yield start
    for vault in clients:
        vault.close()


def test_emulated_mounts_survive_a_restart_openbao_state_does_not(start_vault, tmp_path):
    vault = start_vault(persist=True)
    vault.okta(api_token=OKTA_API_TOKEN, token_ttl="1h")
    vault.write("sys/auth/okta/tune", {"description": "kept", "default_lease_ttl": "2h"})
    vault.write("auth/okta/users/alice", {"groups": "local", "policies": "Own"})
    vault.write("auth/okta/groups/Engineering", {"policies": "eng"})
    vault.okta("second", org_name="other-org")
    # OpenBao's own state: a policy, a real auth mount, a secret.
    vault.policy("kv-reader", 'path "secret/data/app" { capabilities = ["read"] }')
    assert vault.post("sys/auth/up", {"type": "userpass"}).status_code == 204
    assert vault.post("secret/data/app", {"data": {"k": "v"}}).status_code == 200
    before = {
        path: vault.read_data(path)
        for path in ("auth/okta/config", "auth/okta/users/alice", "auth/okta/groups/engineering", "auth/second/config", "sys/auth/okta/tune")
    }
    mounts_before = vault.auth_mounts()["data"]
    start_vault.stop(vault)

    state = json.loads((tmp_path / "vault.json").read_text())
    assert sorted(mount["path"] for mount in state["mounts"]) == ["okta", "second"]

    again = start_vault(persist=True)
    assert again.url != vault.url
    after = {path: again.read_data(path) for path in before}
    assert after == before
    mounts_after = again.auth_mounts()["data"]
    # The emulated mounts keep their accessor, uuid and tuning.
    assert mounts_after["okta/"] == mounts_before["okta/"]
    assert mounts_after["second/"] == mounts_before["second/"]
    # Documented behaviour: OpenBao runs in dev mode, whose storage is in memory. Its policies, real
    # mounts and secrets are gone after a restart; only the emulated Okta mounts are kept.
    assert set(mounts_after) == {"token/", "okta/", "second/"}
    assert_vault_error(again.get("sys/policies/acl/kv-reader"), 404)
    assert_vault_error(again.get("secret/data/app"), 404)
    # A login mints its token in the new OpenBao.
    auth = again.login("alice").json()["auth"]
    assert auth["policies"] == ["default", "eng", "own"]
    assert auth["lease_duration"] == 3600
    assert again.lookup(auth["client_token"])["policies"] == ["default", "eng", "own"]


def test_every_emulated_change_is_saved_at_once(start_vault, tmp_path):
    vault = start_vault(persist=True)
    vault.okta()

    def saved():
        # What a restart would load now: vault.json and the journal of changes since (read only).
        return vault.sandbox.vault_front.state.read()["mounts"]

    assert saved()[0]["config"]["org"] == "sandbox-org"
    vault.write("auth/okta/users/alice", {"policies": "p"})
    assert saved()[0]["users"] == {"alice": {"groups": [], "policies": ["p"]}}
    assert vault.delete("auth/okta/users/alice").status_code == 204
    assert saved()[0]["users"] == {}
    # The API token is state the method needs for logins; it is kept in the file (the sandbox's own, throwaway).
    vault.configure(api_token=OKTA_API_TOKEN)
    assert saved()[0]["config"]["token"] == OKTA_API_TOKEN
    assert vault.delete("sys/auth/okta").status_code == 204
    assert saved() == []
    assert json.loads((tmp_path / "vault.json").read_text())["mounts"] != []
    # A clean stop folds the journal into vault.json.
    start_vault.stop(vault)
    assert json.loads((tmp_path / "vault.json").read_text())["mounts"] == []
    assert not (tmp_path / "vault.json.journal").exists()


def test_a_lost_response_is_saved_too(start_vault, tmp_path):
    vault = start_vault(persist=True)
    vault.okta()
    vault.add_fault(kind="lost_response", path="/groups/", count=1)
    with pytest.raises(requests.ConnectionError):
        vault.post("auth/okta/groups/eng", {"policies": "e"})
    start_vault.stop(vault)
    again = start_vault(persist=True)
    assert again.read_data("auth/okta/groups/eng") == {"policies": ["e"]}
    assert (tmp_path / "vault.json").exists()


def test_without_persistence_nothing_is_kept(start_vault, tmp_path):
    vault = start_vault()
    vault.okta()
    start_vault.stop(vault)
    assert not (tmp_path / "vault.json").exists()
    again = start_vault()
    assert set(again.auth_mounts()["data"]) == {"token/"}


def test_the_vault_front_over_https(start_vault, tmp_path):
    vault = start_vault(tls=True)
    variables = vault.sandbox.environment()
    assert variables["VAULT_ADDR"].startswith("https://127.0.0.1:")
    assert variables["VAULT_CACERT"] == str(tmp_path / "ca.pem")
    assert vault.verify == variables["VAULT_CACERT"]
    # Emulated and passed-through requests alike, verified against the throwaway CA.
    vault.okta()
    assert vault.read_data("auth/okta/config")["org_name"] == "sandbox-org"
    assert assert_vault_data(vault.get("auth/token/lookup-self"))["policies"] == ["root"]
    assert vault.login("alice").status_code == 200
    with pytest.raises(requests.exceptions.SSLError):
        vault.get("auth/okta/config", verify=True)
    assert vault.hook("GET", "health").json() == {"status": "ok", "service": "vault"}
