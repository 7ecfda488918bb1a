# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The property suite's harness: modules run in-process through their ``main()`` with real module
arguments, against one sandbox over real HTTP, and the services read directly (root token, admin
key), never through the collection.

A module run is what Ansible runs: ``AnsibleModule`` reads the arguments Ansible would send
(``_ansible_check_mode``, ``_ansible_diff``), and the result is the JSON the module prints before
it exits, parsed back. Nothing of the module is patched.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import importlib
import io
import json
import os
import sys

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPOSITORY = os.path.dirname(os.path.dirname(HERE))


COLLECTIONS_ROOT = []


def make_collections_root(root):
    """``root/ansible_collections/pamops/okta`` pointing at this checkout; put ``root`` on sys.path."""
    COLLECTIONS_ROOT.append(root)
    namespace = os.path.join(root, "ansible_collections", "pamops")
    if not os.path.isdir(namespace):
        os.makedirs(namespace)
    link = os.path.join(namespace, "okta")
    if not os.path.islink(link):
        os.symlink(REPOSITORY, link)
    if root not in sys.path:
        sys.path.insert(0, root)
    return root


def _clear_ansible_warnings():
    """AnsibleModule keeps warnings and deprecations in module globals: one run's must not show in the next."""
    from ansible.module_utils.common import warnings as ansible_warnings

    for name in ("_global_warnings", "_global_deprecations"):
        getattr(ansible_warnings, name).clear()


def run_module(name, args, check=False, diff=True):
    """Run ``pamops.okta.<name>`` in-process; returns the result as Ansible gets it (a dict with
    ``failed`` when it failed)."""
    from ansible.module_utils.testing import patch_module_args

    module = importlib.import_module("ansible_collections.pamops.okta.plugins.modules." + name)
    full_args = dict(args, _ansible_check_mode=check, _ansible_diff=diff)
    _clear_ansible_warnings()
    output = io.StringIO()
    with patch_module_args(full_args), contextlib.redirect_stdout(output):
        try:
            module.main()
        except SystemExit:
            pass
        else:
            raise AssertionError("%s returned without exit_json or fail_json" % name)
    text = output.getvalue()
    return json.loads(text[text.index("{"):])


class Service:
    """A sandbox service's request log, through its ``/_sandbox/`` hooks."""

    def __init__(self, url, verify=True):
        self.url = url
        self.verify = verify
        self.session = requests.Session()

    def hook(self, method, name, **kwargs):
        kwargs.setdefault("timeout", 30)
        response = self.session.request(method, "%s/_sandbox/%s" % (self.url, name), verify=self.verify, **kwargs)
        assert response.status_code < 300, (name, response.status_code, response.text)
        return response

    def mark(self):
        return self.hook("GET", "requests", params={"since": 1 << 62}).json()["last_seq"]

    def writes_since(self, mark):
        """The writes (non-GET/LIST requests, logins and token mints excepted) logged after ``mark``."""
        log = self.hook("GET", "requests", params={"since": mark}).json()
        return [(entry["method"], entry["path"]) for entry in log["requests"] if _is_write(entry)]

    def clear_log(self):
        self.hook("DELETE", "requests")


def _is_write(entry):
    method, path = entry["method"], entry["path"]
    if method in ("GET", "HEAD", "LIST", "OPTIONS"):
        return False
    # Minting an OPA token, logging in to Vault and asking Vault what a token may do change nothing.
    return not (path.endswith("/service_token") or "/login" in path or path.endswith("sys/capabilities-self"))


class Opa(Service):
    """The OPA API as its admin sees it (the seeded admin key)."""

    def __init__(self, environment):
        Service.__init__(self, environment["OKTAPAM_API_HOST"])
        self.team = environment["OKTAPAM_TEAM"]
        self.key_id = environment["OKTAPAM_KEY"]
        self.secret = environment["OKTAPAM_SECRET"]
        self._token = None

    def module_args(self, bearer=True):
        """The admin's key; and, unless ``bearer`` is false, a token minted once per example (as
        pamops.okta.opa_token hands one to later tasks): minting costs the sandbox an RS256
        signature, and three module runs per example would each mint one."""
        args = dict(api_host=self.url, team=self.team, key_id=self.key_id, key_secret=self.secret)
        if bearer:
            args["bearer_token"] = self.token()
        return args

    def reset(self):
        """Back to the seed (the admin user, its group and key), an empty log, no faults."""
        self.hook("POST", "reset")
        self._token = None

    def token(self):
        if self._token is None:
            response = self.session.post(
                "%s/v1/teams/%s/service_token" % (self.url, self.team), json={"key_id": self.key_id, "key_secret": self.secret}, timeout=30
            )
            assert response.status_code == 200, response.text
            self._token = response.json()["bearer_token"]
        return self._token

    def call(self, method, path, expected=(200, 201, 204), **kwargs):
        self.token()
        response = self.session.request(
            method, "%s/v1/teams/%s%s" % (self.url, self.team, path), headers={"Authorization": "Bearer %s" % self._token}, timeout=30, **kwargs
        )
        assert response.status_code in expected, (method, path, response.status_code, response.text)
        return response

    def listing(self, path):
        items = []
        url_path = path + ("&" if "?" in path else "?") + "count=100"
        response = self.call("GET", url_path)
        items.extend(response.json().get("list") or [])
        while response.links.get("next"):
            response = self.session.get(response.links["next"]["url"], headers={"Authorization": "Bearer %s" % self._token}, timeout=30)
            assert response.status_code == 200, response.text
            items.extend(response.json().get("list") or [])
        return items

    # -- putting state in ------------------------------------------------------------------

    def create_user(self, name, status="ACTIVE"):
        self.call("POST", "/service_users", json={"name": name}, expected=(201,))
        if status != "ACTIVE":
            self.call("PUT", "/service_users/%s" % name, json={"name": name, "status": status}, expected=(200,))

    def create_group(self, name, roles):
        self.call("POST", "/groups", json={"name": name, "roles": []}, expected=(201,))
        if roles:
            self.call("PUT", "/groups/%s" % name, json={"roles": roles}, expected=(204,))

    def delete_group(self, name):
        self.call("DELETE", "/groups/%s" % name, expected=(204,))

    def add_member(self, group, user):
        self.call("POST", "/groups/%s/users" % group, json={"name": user}, expected=(204,))

    # -- reading state -------------------------------------------------------------------------

    def users(self):
        """``{name: (status, sorted live groups)}`` of every service user, deleted ones included."""
        groups = self.groups()
        result = {}
        for user in self.listing("/service_users?status=ACTIVE&status=DISABLED&status=DELETED"):
            result[user["name"]] = user["status"]
        members = {}
        for group in groups:
            for member in self.listing("/groups/%s/users" % group):
                members.setdefault(member["name"], []).append(group)
        return dict((name, (status, sorted(members.get(name, [])))) for name, status in result.items())

    def groups(self):
        """``{name: sorted roles}`` of the live groups."""
        return dict(
            (group["name"], sorted(group.get("roles") or []))
            for group in self.listing("/groups")
            if group.get("deleted_at") in (None, "", "0001-01-01T00:00:00Z")
        )

    def keys(self, user):
        return self.call("GET", "/service_users/%s/keys" % user).json()["list"]


class Vault(Service):
    """The Vault front with the root token: the Okta method's state read as Vault serves it."""

    def __init__(self, environment):
        Service.__init__(self, environment["VAULT_ADDR"])
        self.root = environment["VAULT_TOKEN"]

    def module_args(self, mount="okta"):
        return dict(url=self.url, token=self.root, auth_method="token", mount_point=mount)

    def request(self, method, path, body=None, expected=(200, 204)):
        response = self.session.request(method, "%s/v1/%s" % (self.url, path), headers={"X-Vault-Token": self.root}, json=body, timeout=30)
        assert response.status_code in expected, (method, path, response.status_code, response.text)
        return response

    def fresh_mount(self, mount="okta", configure=True):
        """An empty Okta method at ``auth/<mount>`` (disabled first: its users and groups go with it)."""
        self.request("DELETE", "sys/auth/%s" % mount)
        self.request("POST", "sys/auth/%s" % mount, {"type": "okta"})
        if configure:
            self.request("POST", "auth/%s/config" % mount, {"org_name": "sandbox-org"})

    def unmount(self, mount="okta"):
        self.request("DELETE", "sys/auth/%s" % mount)

    def write(self, path, body):
        self.request("POST", path, body)

    def read(self, path):
        response = self.request("GET", path, expected=(200, 404))
        return response.json()["data"] if response.status_code == 200 else None

    def list(self, path):
        response = self.request("LIST", path, expected=(200, 404))
        return response.json()["data"]["keys"] if response.status_code == 200 else []

    def entries(self, mount, kind):
        """``{stored name: data}`` of every group or user of the mount."""
        return dict((name, self.read("auth/%s/%s/%s" % (mount, kind, _escape(name)))) for name in self.list("auth/%s/%s" % (mount, kind)))

    def auth_mounts(self):
        return self.request("GET", "sys/auth").json()["data"]


def _escape(name):
    from urllib.parse import quote

    return quote(name, safe="/")


class Outcome:
    """Three runs of one module on one example: check + diff, real + diff, and real again."""

    def __init__(self, check, real, again, check_writes, again_writes, real_writes):
        self.check = check
        self.real = real
        self.again = again
        self.check_writes = check_writes
        self.again_writes = again_writes
        self.real_writes = real_writes


def three_runs(name, args, services):
    """Check + diff, then real + diff, then real again; with the writes each sent to ``services``."""

    def run(check):
        marks = [service.mark() for service in services]
        result = run_module(name, args, check=check, diff=True)
        writes = [w for service, mark in zip(services, marks) for w in service.writes_since(mark)]
        return result, writes

    check, check_writes = run(True)
    real, real_writes = run(False)
    again, again_writes = run(False)
    return Outcome(check, real, again, check_writes, again_writes, real_writes)


def without_ids(value):
    """A result without the ids a service assigns on create, which check mode cannot know."""
    if isinstance(value, dict):
        return dict((k, without_ids(v)) for k, v in value.items() if k not in ("id", "accessor"))
    return value


def assert_check_mode_told_the_truth(outcome, compare=("changed", "diff")):
    """The three properties every example must have (issue 14)."""
    check, real, again = outcome.check, outcome.real, outcome.again
    assert not check.get("failed"), "check mode failed: %s" % check.get("msg")
    assert not real.get("failed"), "the real run failed: %s" % real.get("msg")
    assert outcome.check_writes == [], "check mode sent writes: %s" % outcome.check_writes
    for key in compare:
        assert without_ids(check.get(key)) == without_ids(real.get(key)), "check mode's %s differs from the real run's:\ncheck: %r\nreal:  %r" % (
            key,
            check.get(key),
            real.get(key),
        )
    assert bool(real["changed"]) == bool(outcome.real_writes), "changed=%s but the real run sent %s" % (real["changed"], outcome.real_writes)
    assert not again.get("failed"), "the second run failed: %s" % again.get("msg")
    assert again["changed"] is False, "the second run changed again: %r" % again.get("diff")
    assert outcome.again_writes == [], "the second run sent writes: %s" % outcome.again_writes
