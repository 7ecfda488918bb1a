# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the reliability suite needs around ansible-playbook: a sandbox seen from outside (its
/_sandbox/ hooks and direct API reads, the suite's source of truth), and a playbook runner.

The modules' own results are used for one thing only: counting the items that failed in a run.
Whether the services hold what was asked is always read back from the services themselves.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import subprocess
import sys
import time

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
PLAYBOOKS = os.path.join(HERE, "playbooks")
# Every playbook run is bounded: a hung run fails its scenario instead of the whole suite.
PLAYBOOK_TIMEOUT = 600
GENERIC_PARTS = re.compile(
    r"(?P<name>\brel-[a-z]-[a-z-]*?-?\d+\b)|(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})|(?P<port>(?<=127\.0\.0\.1:)\d+)"
)


def mixed_faults(rate):
    """Faults that hit ``rate`` of all requests: a third each 5xx, dropped connection and lost answer.

    The sandbox tries faults in order and each one draws on its own, so each fault's probability
    is conditional on the ones before it not firing; the four 5xx statuses share their third.
    """
    shares = [("error", 500), ("error", 502), ("error", 503), ("error", 504), ("drop", None), ("lost_response", None)]
    weights = [1.0 / 12] * 4 + [1.0 / 3, 1.0 / 3]
    faults = []
    left = 1.0
    for (kind, status), weight in zip(shares, weights):
        probability = rate * weight / left
        spec = {"kind": kind, "probability": round(probability, 6)}
        if status:
            spec["status"] = status
        faults.append(spec)
        left -= rate * weight
    return faults


class Service:
    """One sandbox service (the OPA API or the Vault front): its hooks."""

    def __init__(self, url, verify=True):
        self.url = url
        self.session = requests.Session()
        self.verify = verify

    def hook(self, method, name, body=None):
        response = self.session.request(method, "%s/_sandbox/%s" % (self.url, name), json=body, timeout=30, verify=self.verify)
        assert response.status_code < 300, (method, name, response.status_code, response.text)
        return response.json() if response.content else None

    def add_faults(self, faults):
        return self.hook("POST", "faults", faults)

    def clear_faults(self):
        self.hook("DELETE", "faults")

    def log_mark(self):
        """The sequence number of the last request logged: pass it to ``requests_since``."""
        return self.hook("GET", "requests?since=%d" % (2 ** 62))["last_seq"]

    def requests_since(self, mark):
        return self.hook("GET", "requests?since=%d" % mark)

    def reset(self):
        self.hook("POST", "reset")


class Opa(Service):
    """The OPA API: the hooks, and reads with the team's bootstrap admin key."""

    def __init__(self, environment):
        Service.__init__(self, environment["OKTAPAM_API_HOST"])
        self.team = environment["OKTAPAM_TEAM"]
        self.admin_key_id = environment["OKTAPAM_KEY"]
        self.admin_secret = environment["OKTAPAM_SECRET"]
        self._token = None

    def team_url(self, path):
        return "%s/v1/teams/%s%s" % (self.url, self.team, path)

    def mint(self, key_id, key_secret):
        """The raw answer to minting a token with this key (200 or 401)."""
        body = {"key_id": key_id, "key_secret": key_secret}
        return self.session.post(self.team_url("/service_token"), json=body, timeout=30)

    def can_mint(self, key_id, key_secret):
        return self.mint(key_id, key_secret).status_code == 200

    @property
    def token(self):
        if self._token is None:
            response = self.mint(self.admin_key_id, self.admin_secret)
            assert response.status_code == 200, response.text
            self._token = response.json()["bearer_token"]
        return self._token

    def call(self, method, path, body=None, token=None):
        headers = {"Authorization": "Bearer %s" % (token or self.token)}
        return self.session.request(method, self.team_url(path), json=body, headers=headers, timeout=30)

    def get_all(self, path):
        """Every item of a listing, following its ``Link`` pages."""
        items = []
        url = self.team_url(path)
        while url:
            response = self.session.get(url, headers={"Authorization": "Bearer %s" % self.token}, timeout=30)
            assert response.status_code == 200, (path, response.status_code, response.text)
            items.extend(response.json()["list"])
            url = response.links.get("next", {}).get("url")
        return items

    def users(self, prefix):
        statuses = "status=ACTIVE&status=DISABLED&status=DELETED"
        return [u for u in self.get_all("/service_users?count=100&%s" % statuses) if u["name"].startswith(prefix)]

    def groups(self, prefix):
        return [g for g in self.get_all("/groups?count=100&include_deleted=true") if g["name"].startswith(prefix)]

    def members(self, group):
        return [u["name"] for u in self.get_all("/groups/%s/users?count=100" % group)]

    def keys(self, user):
        return self.get_all("/service_users/%s/keys?count=100" % user)


class Vault(Service):
    """The Vault front: the hooks, and reads with the root token."""

    def __init__(self, environment):
        Service.__init__(self, environment["VAULT_ADDR"])
        self.root_token = environment["VAULT_TOKEN"]

    def call(self, method, path, body=None):
        return self.session.request(
            method, "%s/v1/%s" % (self.url, path), json=body, headers={"X-Vault-Token": self.root_token}, timeout=30
        )

    def okta_mounts(self):
        answer = self.call("GET", "sys/auth")
        assert answer.status_code == 200, answer.text
        return sorted(path.rstrip("/") for path, mount in answer.json()["data"].items() if mount["type"] == "okta")

    def okta_groups(self, mount):
        answer = self.call("LIST", "auth/%s/groups" % mount)
        if answer.status_code == 404:
            return []
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["keys"]

    def okta_group(self, mount, name):
        answer = self.call("GET", "auth/%s/groups/%s" % (mount, name))
        return answer.json()["data"] if answer.status_code == 200 else None

    def kv_secret(self, path, mount="secret"):
        """The latest version of a KV v2 secret's data, or None."""
        answer = self.call("GET", "%s/data/%s" % (mount, path))
        if answer.status_code == 404:
            return None
        assert answer.status_code == 200, answer.text
        return answer.json()["data"]["data"]


class PlaybookRun:
    """One finished ansible-playbook run: exit code, output, and (JSON callback) its results."""

    def __init__(self, args, completed, seconds, json_path):
        self.args = args
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.seconds = seconds
        self.json_text = ""
        self.results = {"plays": [], "stats": {}}
        if os.path.exists(json_path):
            with open(json_path) as handle:
                self.json_text = handle.read()
            self.results = json.loads(self.json_text)

    def item_results(self):
        """(task name, host, item result) for every loop item, and every task result without a loop."""
        for play in self.results["plays"]:
            for task in play["tasks"]:
                for host, result in sorted(task["hosts"].items()):
                    for item in result.get("results") or [result]:
                        if not item.get("skipped"):
                            yield task["task"]["name"], host, item

    def failed_items(self):
        return [(task, host, item) for task, host, item in self.item_results() if item.get("failed")]

    def changed_items(self):
        return [(task, host, item) for task, host, item in self.item_results() if item.get("changed")]

    @property
    def item_count(self):
        return sum(1 for _item in self.item_results())

    def failure_messages(self):
        """A short, sorted tally of why items failed: the first line of each message, with the
        suite's object names, key ids and the sandbox's port made generic so that alike failures
        count together."""
        tally = {}
        for task, _host, item in self.failed_items():
            lines = (item.get("msg") or "(no message)").strip().splitlines() or ["(no message)"]
            message = GENERIC_PARTS.sub(lambda match: "<%s>" % match.lastgroup, lines[0])
            key = "%s: %s" % (task, message[:240])
            tally[key] = tally.get(key, 0) + 1
        return sorted(tally.items(), key=lambda pair: (-pair[1], pair[0]))

    def stats(self):
        return self.results["stats"]

    def total(self, field):
        return sum(host.get(field, 0) for host in self.stats().values())


class Ansible:
    """Runs the suite's playbooks against one sandbox, the way a user would."""

    def __init__(self, collections_root, environment, work_dir):
        self.work_dir = work_dir
        self.environment = dict(os.environ)
        self.environment.update(environment)
        self.environment.update(
            ANSIBLE_COLLECTIONS_PATH=collections_root,
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="json_results",
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_PIPELINING="1",
            ANSIBLE_RETRY_FILES_ENABLED="0",
            ANSIBLE_HOST_KEY_CHECKING="0",
            ANSIBLE_LOCALHOST_WARNING="0",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
            ANSIBLE_DEPRECATION_WARNINGS="0",
        )
        self.inventories = {}
        self.runs = 0

    def inventory(self, hosts=1):
        """An inventory of ``hosts`` local hosts, all running modules on this suite's own Python."""
        if hosts not in self.inventories:
            path = os.path.join(self.work_dir, "inventory-%d.ini" % hosts)
            with open(path, "w") as handle:
                handle.write("[reliability]\n")
                for number in range(hosts):
                    name = "localhost" if hosts == 1 else "worker-%02d" % number
                    handle.write("%s ansible_connection=local ansible_python_interpreter=%s\n" % (name, sys.executable))
            self.inventories[hosts] = path
        return self.inventories[hosts]

    def run(self, playbook, extra_vars=None, check=False, diff=False, verbosity=0, hosts=1, forks=5, env=None):
        """Run a playbook of playbooks/; its output through the default callback, its results as JSON."""
        self.runs += 1
        args = [
            os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
            "-i", self.inventory(hosts),
            "-f", str(forks),
            os.path.join(PLAYBOOKS, playbook),
        ]
        if extra_vars:
            # From a file: at -vvvv the default callback prints the command line, and some of
            # these variables are secrets the suite then searches the output for.
            vars_file = os.path.join(self.work_dir, "vars-%d.json" % self.runs)
            with open(vars_file, "w") as handle:
                json.dump(extra_vars, handle)
            args += ["-e", "@" + vars_file]
        if check:
            args.append("--check")
        if diff:
            args.append("--diff")
        if verbosity:
            args.append("-" + "v" * verbosity)
        json_path = os.path.join(self.work_dir, "results-%d.json" % self.runs)
        environment = dict(self.environment, RELIABILITY_JSON_RESULTS=json_path)
        environment.update(env or {})
        started = time.monotonic()
        completed = subprocess.run(
            args, env=environment, cwd=self.work_dir, capture_output=True, text=True, timeout=PLAYBOOK_TIMEOUT, check=False
        )
        run = PlaybookRun(args, completed, time.monotonic() - started, json_path)
        print("ansible-playbook %s%s: rc %d, %.1f s" % (playbook, " --check" if check else "", run.rc, run.seconds))
        return run
