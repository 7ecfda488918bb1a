#!/usr/bin/env bash
# make demo: start a sandbox, run the onboarding play in check mode, for real and again
# (which must change nothing), print what exists, stop the sandbox.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/.build
state=$build/demo-sandbox
port=${PAMOPS_DEMO_PORT:-18090}

export ANSIBLE_COLLECTIONS_PATH=$build
export ANSIBLE_PYTHON_INTERPRETER=$root/.venv/bin/python
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export PAMOPS_DEMO_SECRET_DIR=$build/demo-secrets

stop() { pamops-sandbox stop --state-dir "$state" >/dev/null 2>&1 || true; }
trap stop EXIT
rm -rf "$state" "$PAMOPS_DEMO_SECRET_DIR"
mkdir -p "$PAMOPS_DEMO_SECRET_DIR"
chmod 700 "$PAMOPS_DEMO_SECRET_DIR"

echo "== starting the sandbox (OPA API on port $port)"
eval "$(pamops-sandbox start --state-dir "$state" --opa-port "$port")"

writes_logged() {
  python -c 'import json, os, urllib.request; print(json.load(urllib.request.urlopen(os.environ["OKTAPAM_API_HOST"] + "/_sandbox/requests"))["writes"])'
}

play() {
  ansible-playbook -i localhost, -c local "$root/demo/onboard.yml" "$@" | tee "$build/demo-last-run.log"
}
recap() { grep -E '^localhost' "$build/demo-last-run.log" | tail -n1; }

echo "== 1. check mode: what would change"
play --check --diff >/dev/null
echo "   $(recap)"
check_writes=$(writes_logged)
echo "   writes the sandbox received in check mode: $check_writes"
test "$check_writes" -eq 0
echo "== 2. the real run"
play --diff >/dev/null
echo "   $(recap)"
echo "== 3. the same play again: nothing may change"
play > /dev/null
echo "   $(recap)"
recap | grep -q ' changed=0 ' || { echo "the second run changed something"; exit 1; }
echo "== summary"
sed -n '/TASK \[Summary\]/,/^$/p' "$build/demo-last-run.log" | grep -E '^\s+"(service user|API keys)' | sed 's/^ *"/   /; s/",\?$//'
secret_file=$PAMOPS_DEMO_SECRET_DIR/svc-deploy.secret
test -s "$secret_file"
echo "   key secret: in $secret_file (mode $(stat -c %a "$secret_file"), written once, by the run that created the key)"
echo "== the sandbox received $(writes_logged) writes in all three runs"
