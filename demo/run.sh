#!/usr/bin/env bash
# make demo: start the sandbox (OPA API, OpenBao and the Vault Okta front), run the onboarding
# playbook in check mode, for real and again (which must change nothing), rotate the key once,
# print what exists and where the secret lives (never the secret), and stop the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PAMOPS_BUILD:-$root/.build}
state=$build/demo-sandbox
opa_port=${PAMOPS_DEMO_OPA_PORT:-18090}
vault_port=${PAMOPS_DEMO_VAULT_PORT:-18091}
bao_port=${PAMOPS_DEMO_BAO_PORT:-18095}
started=$(date +%s)

export ANSIBLE_COLLECTIONS_PATH=$build
export ANSIBLE_PYTHON_INTERPRETER=$root/.venv/bin/python
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export PAMOPS_DEMO_SUMMARY=$build/demo-summary.txt
# The sandbox's Okta org accepts this API token (sandbox/src/pamops_sandbox/default_seed.yaml).
export DEMO_OKTA_API_TOKEN=okta-sandbox-api-token

stop() { pamops-sandbox stop --state-dir "$state" >/dev/null 2>&1 || true; }
trap stop EXIT
rm -rf "$state" "$PAMOPS_DEMO_SUMMARY"

echo "== starting the sandbox: OPA API on $opa_port, Vault on $vault_port"
eval "$(pamops-sandbox start --state-dir "$state" --opa-port "$opa_port" --vault-port "$vault_port" --bao-port "$bao_port")"

writes_logged() {
  python - <<'PY'
import json, os, urllib.request
total = 0
for address in (os.environ["OKTAPAM_API_HOST"], os.environ["VAULT_ADDR"]):
    total += json.load(urllib.request.urlopen(address + "/_sandbox/requests"))["writes"]
print(total)
PY
}
play() {
  ansible-playbook -i localhost, -c local "$@" > "$build/demo-last-run.log" 2>&1 || { cat "$build/demo-last-run.log"; return 1; }
  grep -E '^localhost' "$build/demo-last-run.log" | tail -n1
}

echo "== 1. check mode: what onboarding would change"
echo "   $(play "$root/demo/onboard.yml" --check)"
check_writes=$(writes_logged)
echo "   writes the services received in check mode: $check_writes"
test "$check_writes" -eq 0
echo "== 2. onboarding, for real"
echo "   $(play "$root/demo/onboard.yml")"
echo "== 3. onboarding again: nothing may change"
recap=$(play "$root/demo/onboard.yml")
echo "   $recap"
case "$recap" in *" changed=0 "*) ;; *) echo "the second run changed something"; exit 1 ;; esac
echo "== 4. rotating the key once"
echo "   $(play "$root/demo/rotate.yml")"
echo "== summary (read back from OPA and Vault)"
play "$root/demo/summary.yml" >/dev/null
sed 's/^/   /' "$PAMOPS_DEMO_SUMMARY"
echo "== done in $(( $(date +%s) - started )) s; the key secret went from OPA straight into Vault, and no output shows it"
