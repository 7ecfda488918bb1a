"""Prints the current TOTP code of a seeded Okta user (RFC 6238), for a task to send at once.

Computed when the task runs (a pipe lookup), not when the play starts: on a busy machine a play
can take longer than the one step of drift the sandbox accepts to reach its TOTP task."""

import json
import sys
import time

from pamops_sandbox.vault.totp import totp

with open("../../integration_config.yml", encoding="utf-8") as handle:
    config = json.load(handle)
print(totp(config["sandbox_vault"]["okta_users"][sys.argv[1]]["totp_secret"], time.time()))
