# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The in-process harness behaves like Ansible: a handful of cases run both ways, through
``main()`` and through ansible-playbook, on the same state, give the same result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys

import pytest

from harness import COLLECTIONS_ROOT, run_module, without_ids

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: The module under test
      pamops.okta.{module}: {module_args}
      register: outcome
      ignore_errors: true
    - name: Its result, for the test to read
      ansible.builtin.copy:
        content: "{{{{ outcome | to_json }}}}"
        dest: "{result_path}"
        mode: "0600"
      check_mode: false
"""
# Keys Ansible adds to a registered result, or that tell about the run rather than the module's answer.
RUN_KEYS = ("invocation", "warnings", "deprecations", "failed", "_ansible_no_log")


def run_playbook(tmp_path, module, args, check):
    result_path = tmp_path / "result.json"
    playbook = tmp_path / "play.yml"
    # The arguments written into the task as a YAML flow mapping (JSON), as a playbook author writes them.
    playbook.write_text(PLAYBOOK.format(module=module, module_args=json.dumps(args), result_path=result_path))
    variables = tmp_path / "vars.json"
    variables.write_text(json.dumps({"ansible_python_interpreter": sys.executable}))
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    command = [ansible_playbook, "-i", "localhost,", "-c", "local", str(playbook), "-e", "@%s" % variables, "--diff"]
    if check:
        command.append("--check")
    environment = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_ROOT[0], ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="0")
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    return json.loads(result_path.read_text())


def module_answer(result):
    """The module's answer, without the ids the service assigned (each run starts from a fresh copy of the state)."""
    return without_ids(dict((key, value) for key, value in result.items() if key not in RUN_KEYS))


def vault_group_setup(vault, opa):
    vault.fresh_mount("okta")
    vault.write("auth/okta/groups/vault-admins", {"policies": ["ops"]})


def vault_config_setup(vault, opa):
    vault.fresh_mount("okta", configure=False)
    vault.write("auth/okta/config", {"org_name": "sandbox-org", "token_max_ttl": 7200})


def opa_setup(vault, opa):
    opa.reset()
    opa.create_group("Deployers", ["end_user"])
    opa.create_user("svc-ci")


# Five cases, each in one mode (an ansible-playbook run costs seconds; the in-process runs are the
# thousands): name case and comma strings, an override, legacy names with durations and CIDRs, role
# duplicates, a bulk merge with a comma string of groups.
CASES = {
    "vault_okta_group": (vault_group_setup, "vault", True, {"name": "Vault-Admins", "policies": "Admin, root,ops"}),
    "vault_okta_users": (
        vault_group_setup, "vault", False, {"config": [{"name": "Alice", "groups": ["Eng", " eng"], "policies": "a,b"}], "state": "overridden"}
    ),
    "vault_okta_config": (
        vault_config_setup, "vault", True, {"ttl": "1h30m", "token_bound_cidrs": ["10.0.0.1/32", "2001:DB8::/32 "], "bypass_okta_mfa": "yes"}
    ),
    "opa_group": (opa_setup, "opa", False, {"name": "Deployers", "roles": ["resource_admin", "end_user", "resource_admin"], "flavor": "opa"}),
    "opa_service_users": (
        opa_setup, "opa", True, {"config": [{"name": "svc-ci", "status": "disabled", "groups": "Deployers"}, {"name": "svc-new"}], "state": "merged"}
    ),
}


@pytest.mark.parametrize("module", sorted(CASES))
def test_in_process_runs_answer_as_ansible_playbook_does(tmp_path, vault, opa, module):
    setup, service, check, extra = CASES[module]
    args = dict(vault.module_args("okta") if service == "vault" else opa.module_args(bearer=False), **extra)
    setup(vault, opa)
    in_process = run_module(module, args, check=check, diff=True)
    setup(vault, opa)
    through_ansible = run_playbook(tmp_path, module, args, check)
    assert not in_process.get("failed"), in_process.get("msg")
    assert module_answer(through_ansible) == module_answer(in_process)
    assert through_ansible.get("warnings", []) == [warning_text(w) for w in in_process.get("warnings", [])]


def warning_text(warning):
    """A warning as the module printed it (ansible-core 2.19 sends warnings as events) as Ansible registers it."""
    return warning["event"]["msg"] if isinstance(warning, dict) else warning
