#!/usr/bin/env bash
# vault_okta_groups in every state, at -vvvv; then the output is searched for the Vault token and
# the AppRole secret ID the modules were given: neither may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

play_without_leaks "$output_dir" 2 groups.yml "$@"
