#!/usr/bin/env bash
# vault_okta_users in every state, at -vvvv; then the output is searched for the Vault tokens and
# the AppRole secret ID the modules were given: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

play_without_leaks "$output_dir" 3 users.yml "$@"
