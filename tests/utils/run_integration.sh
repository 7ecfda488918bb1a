#!/usr/bin/env bash
# Runs ansible-test integration against two fresh sandboxes, one per API flavour, and always
# stops them afterwards. Called by `make integration` with the collection tree as argument.
set -euo pipefail

collection_tree=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
work=$(dirname "$collection_tree")/../../integration-sandbox
seed="$collection_tree/tests/integration/sandbox-seed.yaml"
opa_port=${PAMOPS_IT_OPA_PORT:-18180}
asa_port=${PAMOPS_IT_ASA_PORT:-18181}
tls_port=${PAMOPS_IT_TLS_PORT:-18182}

stop_all() {
  pamops-sandbox stop --state-dir "$work/opa" >/dev/null 2>&1 || true
  pamops-sandbox stop --state-dir "$work/asa" >/dev/null 2>&1 || true
  pamops-sandbox stop --state-dir "$work/tls" >/dev/null 2>&1 || true
}
trap stop_all EXIT

rm -rf "$work"
mkdir -p "$work"
# The OPA-flavour sandboxes also run Vault (OpenBao and the Okta front), over HTTPS for the TLS one.
pamops-sandbox start --state-dir "$work/opa" --flavor opa --opa-port "$opa_port" --seed "$seed" \
  --vault-port "${PAMOPS_IT_VAULT_PORT:-18183}" --bao-port "${PAMOPS_IT_BAO_PORT:-18190}" >/dev/null
pamops-sandbox start --state-dir "$work/asa" --flavor asa --opa-port "$asa_port" --seed "$seed" --no-vault >/dev/null
pamops-sandbox start --state-dir "$work/tls" --flavor opa --opa-port "$tls_port" --seed "$seed" --tls \
  --vault-port "${PAMOPS_IT_TLS_VAULT_PORT:-18184}" --bao-port "${PAMOPS_IT_TLS_BAO_PORT:-18192}" >/dev/null
python "$here/integration_config.py" "$seed" "$work/opa" "$work/asa" "$work/tls" > "$collection_tree/tests/integration/integration_config.yml"

cd "$collection_tree"
ansible-test integration --color no "$@"
