# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print tests/integration/integration_config.yml for sandboxes started from the given state dirs.

Usage: integration_config.py SEED_FILE OPA_STATE_DIR ASA_STATE_DIR TLS_STATE_DIR

ansible-test hands the file's variables to every integration target: one ``sandbox_<flavour>``
dict per sandbox, with the connection values its env.sh exports, and ``teams``: every seeded
team's admin key, for tests that need a second team. ``sandbox_tls`` serves HTTPS (OPA
flavour) and adds ``ca_cert``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

import yaml


def sandbox_vars(state_dir, seed):
    with open(os.path.join(state_dir, "ready.json"), encoding="utf-8") as handle:
        environment = json.load(handle)["environment"]
    variables = {
        "api_host": environment["OKTAPAM_API_HOST"],
        "team": environment["OKTAPAM_TEAM"],
        "key_id": environment["OKTAPAM_KEY"],
        "key_secret": environment["OKTAPAM_SECRET"],
        "teams": dict(
            (team["name"], {"key_id": team["admin"]["key_id"], "key_secret": team["admin"]["key_secret"]}) for team in seed["opa"]["teams"]
        ),
    }
    if "OKTAPAM_CA_CERT" in environment:
        variables["ca_cert"] = environment["OKTAPAM_CA_CERT"]
    return variables


def vault_vars(state_dir, seed):
    with open(os.path.join(state_dir, "ready.json"), encoding="utf-8") as handle:
        environment = json.load(handle)["environment"]
    okta = seed["vault"]["okta"]
    variables = {
        "url": environment["VAULT_ADDR"],
        "root_token": environment["VAULT_TOKEN"],
        "okta_org": okta["org_name"],
        "okta_api_token": okta["api_tokens"][0],
        "okta_users": okta["users"],
    }
    if "VAULT_CACERT" in environment:
        variables["ca_cert"] = environment["VAULT_CACERT"]
    return variables


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    config = {
        "sandbox_opa": sandbox_vars(sys.argv[2], seed),
        "sandbox_asa": sandbox_vars(sys.argv[3], seed),
        "sandbox_tls": sandbox_vars(sys.argv[4], seed),
        "sandbox_vault": vault_vars(sys.argv[2], seed),
        "sandbox_vault_tls": vault_vars(sys.argv[4], seed),
        "sandbox_flavors": ["opa", "asa"],
        # Integration tests run modules on the controller's own Python.
        "ansible_python_interpreter": sys.executable,
    }
    # JSON is valid YAML, and keeps the values exactly as written.
    print(json.dumps(config, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
