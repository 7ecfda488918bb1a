# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Vault front driven by two clients nobody here wrote: hvac (Python) and the ``bao`` command line."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import hvac
import pytest
from hvac import exceptions

from sandbox_helpers import MFA_BYPASS_WARNING, OKTA_API_TOKEN, ORG_NAME

BAO = os.path.join(os.path.dirname(sys.executable), "bao")


# -- hvac ----------------------------------------------------------------------------------------


@pytest.fixture(name="hvac_client")
def hvac_client_fixture(vault):
    client = hvac.Client(url=vault.url, token=vault.root, verify=vault.verify)
    yield client
    client.adapter.close()


def test_hvac_mounts(vault, hvac_client):
    hvac_client.sys.enable_auth_method("okta", description="hvac mount")
    hvac_client.sys.enable_auth_method("okta", path="okta-second")
    methods = hvac_client.sys.list_auth_methods()
    assert set(methods["data"]) == {"token/", "okta/", "okta-second/"}
    assert methods["data"]["okta/"]["type"] == "okta"
    assert methods["data"]["okta/"]["description"] == "hvac mount"
    with pytest.raises(exceptions.InvalidRequest) as caught:
        hvac_client.sys.enable_auth_method("okta")
    assert caught.value.errors == ["path is already in use at okta/"]
    hvac_client.sys.disable_auth_method("okta-second")
    assert set(hvac_client.sys.list_auth_methods()["data"]) == {"token/", "okta/"}
    assert vault.auth_mounts()["data"]["okta/"]["description"] == "hvac mount"


def test_hvac_okta_methods(vault, hvac_client):
    okta = hvac_client.auth.okta
    hvac_client.sys.enable_auth_method("okta")
    # Unconfigured: hvac turns the 404 {"errors": []} into InvalidPath.
    with pytest.raises(exceptions.InvalidPath):
        okta.read_config()
    assert okta.configure(org_name=ORG_NAME, api_token=OKTA_API_TOKEN, ttl="1h", max_ttl="2h").status_code == 204
    config = okta.read_config()["data"]
    assert config["org_name"] == ORG_NAME
    # hvac sends the deprecated ttl/max_ttl: they land in token_ttl/token_max_ttl too.
    assert (config["ttl"], config["token_ttl"], config["max_ttl"], config["token_max_ttl"]) == (3600, 3600, 7200, 7200)
    # bypass_okta_mfa gives a 200 with a warning, which hvac returns as a dict.
    answer = okta.configure(org_name=ORG_NAME, bypass_okta_mfa=True)
    assert answer["warnings"] == [MFA_BYPASS_WARNING]
    okta.configure(org_name=ORG_NAME, bypass_okta_mfa=False)

    assert okta.register_user("alice", groups=["local-group"], policies=["Personal"]).status_code == 204
    assert okta.read_user("alice")["data"] == {"groups": ["local-group"], "policies": ["Personal"]}
    okta.register_user("bob", groups=[], policies=[])
    assert okta.list_users()["data"]["keys"] == ["alice", "bob"]
    assert okta.register_group("Vault-Admins", policies=["Admin", "admin", "ops"]).status_code == 204
    okta.register_group("local-group", policies=["local"])
    assert okta.read_group("VAULT-ADMINS")["data"] == {"policies": ["admin", "ops"]}
    assert okta.list_groups()["data"]["keys"] == ["local-group", "vault-admins"]

    login_client = hvac.Client(url=vault.url, verify=vault.verify)
    try:
        answer = login_client.auth.okta.login("alice", "alice-password")
        # hvac sends the username in the body as well: Vault warns that the path's value won.
        assert answer["warnings"] == ["Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [username]"]
        assert answer["auth"]["policies"] == ["admin", "default", "local", "ops", "personal"]
        assert login_client.token == answer["auth"]["client_token"]
        seen = login_client.auth.token.lookup_self()["data"]
        assert seen["policies"] == ["admin", "default", "local", "ops", "personal"]
        assert seen["meta"]["username"] == "alice"
        with pytest.raises(exceptions.InvalidRequest) as caught:
            login_client.auth.okta.login("alice", "wrong")
        assert caught.value.errors == ["okta authentication failed"]
        # The new token may not administer the method.
        with pytest.raises(exceptions.Forbidden):
            login_client.auth.okta.read_config()
    finally:
        login_client.adapter.close()

    assert okta.delete_user("alice").status_code == 204
    with pytest.raises(exceptions.InvalidPath):
        okta.read_user("alice")
    okta.delete_user("bob")
    # An empty list is a 404 too.
    with pytest.raises(exceptions.InvalidPath):
        okta.list_users()
    okta.delete_group("vault-admins")
    assert okta.list_groups()["data"]["keys"] == ["local-group"]
    with pytest.raises(exceptions.InvalidPath):
        okta.read_group("vault-admins")


def test_hvac_in_a_namespace_and_another_mount(vault):
    namespace = vault.namespace()
    client = hvac.Client(url=vault.url, token=vault.root, verify=vault.verify, namespace=namespace)
    try:
        client.sys.enable_auth_method("okta", path="people")
        assert "people/" in client.sys.list_auth_methods()["data"]
        client.auth.okta.configure(org_name=ORG_NAME, mount_point="people")
        client.auth.okta.register_user("ivan", policies=["ns-policy"], groups=[], mount_point="people")
        answer = client.auth.okta.login("ivan", "ivan-password", use_token=False, mount_point="people")
        assert answer["auth"]["policies"] == ["default", "ns-policy"]
        # Nothing of it in the root namespace.
        assert "people/" not in vault.auth_mounts()["data"]
    finally:
        client.adapter.close()


def test_hvac_bad_token(vault):
    vault.okta()
    client = hvac.Client(url=vault.url, token="not-a-token", verify=vault.verify)
    try:
        with pytest.raises(exceptions.Forbidden):
            client.auth.okta.read_config()
        with pytest.raises(exceptions.Forbidden):
            client.auth.okta.register_group("eng", policies=["x"])
    finally:
        client.adapter.close()


# -- the bao command line ------------------------------------------------------------------------


@pytest.fixture(name="bao")
def bao_fixture(vault, tmp_path):
    """Runs ``bao`` against the front, as root unless told otherwise; nothing of the caller's environment leaks in."""
    base = {name: value for name, value in os.environ.items() if not name.startswith(("VAULT_", "BAO_"))}
    base.update(BAO_ADDR=vault.url, HOME=str(tmp_path))

    def run(*args, **kwargs):
        env = dict(base, BAO_TOKEN=kwargs.pop("token", vault.root))
        result = subprocess.run([BAO] + list(args), env=env, capture_output=True, text=True, timeout=30, check=False)
        if kwargs.pop("check", True):
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def run_json(*args, **kwargs):
        return json.loads(run(*args, **kwargs).stdout)

    run.json = run_json
    return run


def test_bao_auth_enable_list_tune_disable(vault, bao):
    assert bao("auth", "enable", "okta").stdout == "Success! Enabled okta auth method at: okta/\n"
    assert bao("auth", "enable", "-path=people", "-description=Okta people", "okta").stdout == "Success! Enabled okta auth method at: people/\n"
    listing = bao.json("auth", "list", "-format=json")
    assert {path: entry["type"] for path, entry in listing.items()} == {"token/": "token", "okta/": "okta", "people/": "okta"}
    assert listing["people/"]["description"] == "Okta people"
    again = bao("auth", "enable", "okta", check=False)
    assert again.returncode == 2
    assert "* path is already in use at okta/" in again.stderr
    assert bao("auth", "tune", "-default-lease-ttl=2h", "-max-lease-ttl=4h", "okta").stdout == "Success! Tuned the auth method at: okta/\n"
    tune = bao.json("read", "-format=json", "sys/auth/okta/tune")["data"]
    assert (tune["default_lease_ttl"], tune["max_lease_ttl"]) == (7200, 14400)
    assert bao("auth", "disable", "people").stdout == "Success! Disabled the auth method (if it existed) at: people/\n"
    assert set(bao.json("auth", "list", "-format=json")) == {"token/", "okta/"}
    assert set(vault.auth_mounts()["data"]) == {"token/", "okta/"}


def test_bao_write_read_list(vault, bao):
    bao("auth", "enable", "okta")
    written = bao("write", "auth/okta/config", "org_name=%s" % ORG_NAME, "api_token=%s" % OKTA_API_TOKEN, "token_ttl=1h", "token_policies=base")
    assert written.stdout == "Success! Data written to: auth/okta/config\n"
    config = bao.json("read", "-format=json", "auth/okta/config")["data"]
    assert (config["org_name"], config["token_ttl"], config["token_policies"]) == (ORG_NAME, 3600, ["base"])
    assert "api_token" not in config
    bao("write", "auth/okta/groups/Engineering", "policies=Eng,KV")
    bao("write", "auth/okta/users/alice", "groups=extra", "policies=own")
    assert bao.json("read", "-format=json", "auth/okta/groups/engineering")["data"] == {"policies": ["eng", "kv"]}
    assert bao.json("read", "-format=json", "auth/okta/users/alice")["data"] == {"groups": ["extra"], "policies": ["own"]}
    assert bao.json("list", "-format=json", "auth/okta/groups") == ["engineering"]
    assert bao.json("list", "-format=json", "auth/okta/users") == ["alice"]
    # Absent things, as the CLI reports them.
    missing = bao("read", "auth/okta/users/nobody", check=False)
    assert missing.returncode == 2
    assert missing.stderr == "No value found at auth/okta/users/nobody\n"
    bad = bao("write", "auth/okta/config", "token_type=default-service", check=False)
    assert bad.returncode == 2
    assert "Code: 400. Errors:" in bad.stderr
    assert "* invalid 'token_type' value \"default-service\"" in bad.stderr
    # A warning reaches the CLI user.
    warned = bao("write", "auth/okta/config", "bypass_okta_mfa=true")
    assert warned.stderr.startswith("WARNING! The following warnings were returned from OpenBao:")
    assert "Okta MFA bypass is configured." in warned.stderr
    bao("delete", "auth/okta/users/alice")
    assert bao("list", "auth/okta/users", check=False).returncode == 2


def test_bao_login_through_write_then_token_lookup(vault, bao):
    bao("auth", "enable", "okta")
    bao("write", "auth/okta/config", "org_name=%s" % ORG_NAME, "api_token=%s" % OKTA_API_TOKEN)
    bao("write", "auth/okta/groups/engineering", "policies=eng")
    answer = bao.json("write", "-format=json", "auth/okta/login/alice", "password=alice-password", token="")
    auth = answer["auth"]
    assert auth["policies"] == ["default", "eng"]
    assert auth["metadata"] == {"username": "alice", "policies": "eng"}
    looked_up = bao.json("token", "lookup", "-format=json", token=auth["client_token"])["data"]
    assert looked_up["policies"] == ["default", "eng"]
    assert looked_up["meta"] == {"username": "alice", "policies": "eng"}
    assert looked_up["accessor"] == auth["accessor"]
    failed = bao("write", "auth/okta/login/alice", "password=wrong", token="", check=False)
    assert failed.returncode == 2
    assert "* okta authentication failed" in failed.stderr


def test_bao_login_method_okta_is_not_in_the_openbao_cli(vault, bao):
    """OpenBao's CLI has no okta login handler, so ``bao login -method=okta`` cannot work against any
    server; log in with ``bao write auth/okta/login/<user> password=...`` instead (see the test above)."""
    vault.okta()
    assert vault.hook("DELETE", "requests").status_code == 204
    result = bao("login", "-method=okta", "username=alice", "password=alice-password", token="", check=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Unknown auth method: okta.")
    # Nothing reached the front.
    assert vault.requests_log()["counts"] == {}
