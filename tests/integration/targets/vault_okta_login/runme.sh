#!/usr/bin/env bash
# Okta logins at -vvvv; then the output is searched for every Vault token and Okta password the
# play used: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

BOB_TOTP=$(python - <<'PY'
import json
import time
from pamops_sandbox.vault.totp import totp
config = json.load(open("../../integration_config.yml"))
print(totp(config["sandbox_vault"]["okta_users"]["bob"]["totp_secret"], time.time()))
PY
)
export BOB_TOTP
play_without_leaks "$output_dir" 3 login.yml "$@"
