#!/usr/bin/env bash
# Okta logins at -vvvv; then the output is searched for every Vault token and Okta password the
# play used: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
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
ansible-playbook -i ../../inventory -e @../../integration_config.yml -e "secrets_file=$output_dir/secrets" \
  login.yml -vvvv "$@" > "$output_dir/play.log" 2>&1 || { cat "$output_dir/play.log"; exit 1; }
grep -E "ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$output_dir/play.log"
test "$(wc -l < "$output_dir/secrets")" -ge 3
if grep -F -f "$output_dir/secrets" "$output_dir/play.log"; then
  echo "a token or password appeared in the play's output"
  exit 1
fi
echo "no token or password in $(wc -l < "$output_dir/play.log") lines of -vvvv output"
