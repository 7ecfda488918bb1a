# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A bulk module's run (PamopsModule.run_bulk): what the task returns on success, partial failure and bad input."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.pamops.okta.plugins.module_utils.ansible_adapter import BULK_SPEC, OKTA_MOUNT_SPEC, PamopsModule
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaUsers

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19

    @contextlib.contextmanager
    def patch_module_args(args):
        previous = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = previous


class Exited(Exception):
    def __init__(self, result, failed):
        super(Exited, self).__init__(result.get("msg"))
        self.result = result
        self.failed = failed


class FakeVault:
    def __init__(self, entries, failing=()):
        self.entries = dict(("auth/okta/users/%s" % name, data) for name, data in entries.items())
        self.failing = set("auth/okta/users/%s" % name for name in failing)
        self.changes = 0
        self.writes = 0

    def list(self, path):
        return sorted(key.rsplit("/", 1)[1] for key in self.entries)

    def read(self, path):
        return self.entries.get(path)

    def write(self, path, body):
        self.writes += 1
        if path in self.failing:
            raise ApiError("HTTP 503 Service Unavailable", status=503, method="PUT", path="/v1/" + path)
        self.entries[path] = body
        self.changes += 1

    def delete(self, path):
        self.writes += 1
        self.entries.pop(path)
        self.changes += 1


USERS_SPEC = dict(
    config=dict(
        type="list",
        elements="dict",
        default=[],
        options=dict(name=dict(type="str", required=True), groups=dict(type="list", elements="str"), policies=dict(type="list", elements="str")),
    ),
    **dict(BULK_SPEC, **OKTA_MOUNT_SPEC)
)


def exit_json(self, **result):
    raise Exited(result, False)


def fail_json(self, **result):
    raise Exited(result, True)


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def run_bulk(vault, check_mode=False, **params):
        args = dict(params, url="http://vault.invalid:8200", token="not-a-real-token", _ansible_check_mode=check_mode, _ansible_diff=True)
        with patch_module_args(args):
            module = PamopsModule(USERS_SPEC, connection="vault", supports_check_mode=True)
        # A run has a client of its own: count only this run's changes.
        vault.changes = 0
        module._clients.append(vault)
        with pytest.raises(Exited) as exited:
            module.run_bulk(OktaUsers(vault, "auth/okta", workers=module.params["workers"]), "at auth/okta")
        return exited.value

    return run_bulk


CONFIG = [{"name": "alice", "policies": ["a"]}, {"name": "bob", "policies": ["b"]}, {"name": "carol", "policies": ["c"]}]


def test_a_partial_failure_applies_the_others_and_names_what_failed(run):
    vault = FakeVault({"carol": {"policies": ["old"]}}, failing=["bob"])
    outcome = run(vault, config=CONFIG)
    assert outcome.failed and outcome.result["changed"] is True
    assert outcome.result["failed_items"] == [{"name": "bob", "msg": "PUT /v1/auth/okta/users/bob: HTTP 503 Service Unavailable"}]
    assert "1 of 3 users at auth/okta could not be applied: bob: " in outcome.result["msg"]
    summary = outcome.result["summary"]
    assert summary["created"] == ["alice"] and summary["updated"] == ["carol"] and summary["failed"] == ["bob"]
    assert summary["counts"] == {"created": 1, "updated": 1, "deleted": 0, "unchanged": 0, "failed": 1}
    assert "auth/okta/users/bob" not in vault.entries and vault.entries["auth/okta/users/alice"] == {"groups": [], "policies": ["a"]}


def test_the_next_run_converges(run):
    vault = FakeVault({}, failing=["bob"])
    run(vault, config=CONFIG)
    vault.failing.clear()
    outcome = run(vault, config=CONFIG)
    assert not outcome.failed
    assert outcome.result["summary"]["created"] == ["bob"] and outcome.result["summary"]["unchanged"] == ["alice", "carol"]
    assert run(vault, config=CONFIG).result["changed"] is False


def test_check_mode_predicts_and_writes_nothing(run):
    vault = FakeVault({"dave": {}})
    outcome = run(vault, check_mode=True, config=CONFIG[:1], state="overridden")
    assert not outcome.failed and outcome.result["changed"] is True and vault.writes == 0
    assert outcome.result["summary"]["created"] == ["alice"] and outcome.result["summary"]["deleted"] == ["dave"]
    assert outcome.result["diff"] == {
        "before": {"dave": {"name": "dave", "groups": [], "policies": []}},
        "after": {"alice": {"name": "alice", "groups": [], "policies": ["a"]}},
    }


def test_gathered_returns_the_set_in_the_config_format(run):
    vault = FakeVault({"bob": {"policies": [" b "]}, "alice": {"groups": ["g"]}})
    outcome = run(vault, state="gathered")
    assert outcome.result == {"changed": False, "gathered": [
        {"name": "alice", "groups": ["g"], "policies": []},
        {"name": "bob", "groups": [], "policies": ["b"]},
    ]}


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(state="overridden"), "state=overridden with an empty config deletes every user: set delete_all=true"),
        (dict(state="deleted"), "state=deleted with an empty config deletes every user: set delete_all=true"),
        (dict(state="merged", delete_all=True, config=CONFIG), "delete_all applies only with state=deleted or state=overridden"),
        (dict(state="gathered", config=CONFIG), "state=gathered reads the users and changes nothing: remove config"),
        (dict(config=[{"name": "alice"}, {"name": "alice"}]), "config lists the user alice twice"),
        (dict(config=CONFIG, workers=0), "workers must be at least 1"),
        (dict(config=[{"name": " / "}]), "config[0].name must not be empty"),
    ],
)
def test_bad_input_fails_with_a_clear_message_and_changes_nothing(run, params, message):
    vault = FakeVault({"dave": {}})
    outcome = run(vault, **params)
    assert outcome.failed and message in outcome.result["msg"]
    assert vault.writes == 0 and outcome.result["changed"] is False
