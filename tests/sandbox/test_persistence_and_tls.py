# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""State that survives a restart (state.json, written atomically), HTTPS with the throwaway CA, and custom seeds."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os

import pytest
import requests

from pamops_sandbox.persistence import StateFile
from pamops_sandbox.server import Sandbox, SandboxError

from sandbox_helpers import ADMIN_USER, FLAVORS


@pytest.mark.parametrize("flavor", FLAVORS)
def test_state_survives_a_restart(start_sandbox, tmp_path, flavor):
    api = start_sandbox(flavor=flavor, persist=True)
    api.create_user("svc-kept")
    api.set_status("svc-kept", "DISABLED")
    api.create_group("kept", [api.admin_role])
    api.add_member("kept", ADMIN_USER)
    key = api.new_key(ADMIN_USER)
    token = api.admin_token
    paths = ("/service_users/svc-kept", "/groups/kept", "/users/%s/groups" % ADMIN_USER, "/service_users/%s/keys" % ADMIN_USER)
    before = {path: api.get(path, token=token).json() for path in paths}
    start_sandbox.stop(api)

    state = json.loads((tmp_path / "state.json").read_text())
    assert set(state) == {"opa"}
    assert "svc-kept" in state["opa"]["teams"]["sandbox"]["users"]
    # Secrets are kept as hashes only.
    assert key["secret"] not in (tmp_path / "state.json").read_text()

    again = start_sandbox(flavor=flavor, persist=True)
    assert again.url != api.url
    after = {path: again.get(path, token=token).json() for path in before}
    assert after == before
    # The signing key and the tokens are state too: a token from before the restart still works,
    # and so does the key made before it.
    assert again.get("/current_user", token=token).json()["name"] == ADMIN_USER
    assert again.mint(key["id"], key["secret"]).status_code == 200
    assert again.post("/service_users", json={"name": "svc-kept"}, token=token).status_code == 409


def saved_state(directory):
    """What a restart would load now: the snapshot and the journal of changes since (read only)."""
    return StateFile(str(directory / "state.json")).read()


def test_every_write_is_saved_at_once(start_sandbox, tmp_path):
    api = start_sandbox(persist=True)
    # The seed is saved at start.
    assert set(json.loads((tmp_path / "state.json").read_text())["opa"]["teams"]) == {"sandbox", "second-team"}
    api.create_user("svc-saved")
    users = saved_state(tmp_path)["opa"]["teams"]["sandbox"]["users"]
    assert users["svc-saved"]["status"] == "ACTIVE"
    api.set_status("svc-saved", "DELETED")
    users = saved_state(tmp_path)["opa"]["teams"]["sandbox"]["users"]
    assert users["svc-saved"]["status"] == "DELETED"
    # A write appends its change to the journal; the snapshot is replaced atomically (written
    # beside the target and renamed over it): no temporary files stay behind.
    assert sorted(os.listdir(str(tmp_path))) == ["state.json", "state.json.journal"]
    start_sandbox.stop(api)
    # A clean stop folds the journal into the snapshot.
    assert sorted(os.listdir(str(tmp_path))) == ["state.json"]
    assert json.loads((tmp_path / "state.json").read_text())["opa"]["teams"]["sandbox"]["users"]["svc-saved"]["status"] == "DELETED"


def test_reset_is_saved(start_sandbox):
    api = start_sandbox(persist=True)
    api.create_user("svc-reset")
    assert api.hook("POST", "reset").status_code == 204
    start_sandbox.stop(api)
    again = start_sandbox(persist=True)
    assert again.names(again.get("/service_users", params={"status": ["ACTIVE", "DISABLED", "DELETED"]})) == [ADMIN_USER]


def test_without_persistence_nothing_is_written(start_sandbox, tmp_path):
    api = start_sandbox(persist=False)
    api.create_user("svc-forgotten")
    api.new_key("svc-forgotten")
    start_sandbox.stop(api)
    assert os.listdir(str(tmp_path)) == []
    again = start_sandbox(persist=False)
    assert again.get("/service_users/svc-forgotten").status_code == 404


def test_tls_with_the_exported_ca(start_sandbox, tmp_path):
    api = start_sandbox(tls=True)
    variables = api.sandbox.environment()
    assert variables["OKTAPAM_API_HOST"].startswith("https://127.0.0.1:")
    ca_path = variables["OKTAPAM_CA_CERT"]
    assert ca_path == str(tmp_path / "ca.pem")
    with open(ca_path, encoding="ascii") as handle:
        assert handle.read().startswith("-----BEGIN CERTIFICATE-----")
    response = requests.post(
        variables["OKTAPAM_API_HOST"] + "/v1/teams/sandbox/service_token",
        json={"key_id": variables["OKTAPAM_KEY"], "key_secret": variables["OKTAPAM_SECRET"]},
        verify=ca_path,
        timeout=10,
    )
    assert response.status_code == 200
    token = response.json()["bearer_token"]
    for index in range(2):
        api.create_user("svc-tls-%d" % index)
    listed = requests.get(
        variables["OKTAPAM_API_HOST"] + "/v1/teams/sandbox/service_users",
        params={"count": 1},
        headers={"Authorization": "Bearer %s" % token},
        verify=ca_path,
        timeout=10,
    )
    assert listed.status_code == 200
    # Link URLs keep the scheme the client used.
    assert listed.links["next"]["url"].startswith(variables["OKTAPAM_API_HOST"] + "/v1/teams/sandbox/service_users?")
    assert api.hook("GET", "health").json() == {"status": "ok", "service": "opa"}


def test_tls_is_not_trusted_without_the_ca(start_sandbox):
    api = start_sandbox(tls=True)
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(api.url + "/_sandbox/health", timeout=10)
    with pytest.raises(requests.ConnectionError):
        requests.get(api.url.replace("https://", "http://") + "/_sandbox/health", timeout=10)


SEED = """
opa:
  teams:
    - name: seeded
      admin:
        user: robot
        group: robots
        key_id: 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d
        key_secret: c2VlZGVkLXNlY3JldA==
      bulk_service_users:
        prefix: bulk-
        count: 120
"""


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_custom_seed_with_bulk_users(start_sandbox, tmp_path, flavor):
    seed = tmp_path / "seed.yaml"
    seed.write_text(SEED)
    api = start_sandbox(flavor=flavor, state_dir=tmp_path / "state", seed_path=str(seed))
    variables = api.sandbox.environment()
    assert (variables["OKTAPAM_TEAM"], variables["OKTAPAM_KEY"], variables["OKTAPAM_SECRET"]) == (
        "seeded",
        "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d",
        "c2VlZGVkLXNlY3JldA==",
    )
    assert api.get("/current_user").json()["name"] == "robot"
    assert api.get("/groups/robots").json()["roles"] == [api.admin_role]
    first = api.get("/service_users")
    assert len(first.json()["list"]) == 100
    rest = api.follow(first.links["next"]["url"])
    names = api.names(first) + api.names(rest)
    assert names == ["bulk-%04d" % index for index in range(120)] + ["robot"]
    # The seeded team is the only one.
    assert api.mint(team="sandbox").status_code == 401


def test_a_seed_without_teams_is_refused(tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text("opa:\n  teams: []\n")
    with pytest.raises(SandboxError) as caught:
        Sandbox(state_dir=str(tmp_path), persist=False, seed_path=str(seed), opa_port=0)
    assert "opa.teams" in str(caught.value)
