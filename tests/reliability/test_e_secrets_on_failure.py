# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenario E: every failure path at -vvvv, with --diff, through the default callback and through
a JSON callback (the suite's own, beside it in the same run): 0 secrets in the output (key
secrets, bearer tokens, Vault tokens, Okta API tokens, passwords, TOTP codes).

As tests/integration/targets/setup_sandbox/files/secret_search.sh does, the play writes every
secret it holds to a file and the output is searched for each; secrets the suite cannot know (a
new key's secret that a failed run never handed back, a token minted inside a module) are found
by their shape instead: the sandbox's key secrets are 64 random bytes in base64, its bearer
tokens are JWTs, OpenBao's tokens start with ``s.`` (``hvs.`` in Vault).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import time

from pamops_sandbox.vault.totp import totp

SEED_OKTA = {
    "org": "reliability-org",
    "api_token": "okta-reliability-api-token",
    "alice_password": "rel-alice-password-5f2c",
    "bob_totp_secret": "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA",
}
SHAPES = {
    "key secret (base64 of 64 bytes)": re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}=="),
    "bearer token (JWT)": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    "Vault token": re.compile(r"(?<![A-Za-z0-9.])(?:hv[sbr]|s|b|r)\.[A-Za-z0-9]{20,}"),
}
# failure_paths.yml has ten failure paths; seven fail whatever the modules do (a wrong secret, a
# fault storm longer than any retry, a token without rights). The three rotations may succeed
# once the modules survive lost answers and self-rotation.
FAILURE_PATHS = 7


def leaks(output, secrets):
    found = []
    for secret in secrets:
        pattern = re.escape(secret)
        # A TOTP code is six digits: only whole numbers count, not digits inside a longer one.
        if secret.isdigit():
            pattern = r"(?<![0-9])%s(?![0-9])" % pattern
        for match in re.finditer(pattern, output):
            found.append("known secret #%d at offset %d" % (secrets.index(secret), match.start()))
    for shape, pattern in SHAPES.items():
        for match in pattern.finditer(output):
            found.append("%s at offset %d: %s...%s" % (shape, match.start(), match.group(0)[:4], output[match.end() - 4:match.end() + 40]))
    return found


def test_no_secret_on_failure_paths(lab, figure, tmp_path):
    secrets_file = str(tmp_path / "secrets")
    totp_code = totp(SEED_OKTA["bob_totp_secret"], time.time())
    known = {
        "opa_hooks": lab.opa.url + "/_sandbox",
        "vault_hooks": lab.vault.url + "/_sandbox",
        "okta_org": SEED_OKTA["org"],
        "okta_api_token": SEED_OKTA["api_token"],
        "alice_password": SEED_OKTA["alice_password"],
        "wrong_password": "rel-wrong-password-77c1",
        "wrong_key_secret": "cmVsLXdyb25nLWtleS1zZWNyZXQtbm90LXRoZS1vbmUtb3BhLWlzc3VlZC10by1hbnlvbmUtYXQtYWxsLTEyMzQ1Njc4OQ==",
        "unknown_vault_token": "s.RelUnknownVaultToken4b7e9c2d1a",
        "totp_code": totp_code,
        "secrets_file": secrets_file,
    }
    run = lab.ansible.run("failure_paths.yml", known, diff=True, verbosity=4)
    held = [line for line in open(secrets_file).read().splitlines() if line] if os.path.exists(secrets_file) else []
    secrets = held + [
        lab.opa.admin_secret,
        lab.vault.root_token,
        known["okta_api_token"],
        known["alice_password"],
        known["wrong_password"],
        known["wrong_key_secret"],
        known["unknown_vault_token"],
        totp_code,
    ]
    failed_tasks = sorted(set(task for task, _host, _item in run.failed_items()))
    figure("secrets the play held and handed over", len(held), "3", len(held) == 3)
    figure("failure paths taken (-vvvv --diff)", len(failed_tasks), ">= %d" % FAILURE_PATHS, len(failed_tasks) >= FAILURE_PATHS, failed_tasks)
    # Each leak is named by the secret's index or shape, never by its value: this report is output too.
    for name, output in (("default callback", run.stdout + run.stderr), ("JSON callback", run.json_text)):
        found = leaks(output, secrets)
        figure("secrets in %d lines of %s output" % (output.count("\n"), name), len(found), "0", not found, found)
    figure.assert_targets()
