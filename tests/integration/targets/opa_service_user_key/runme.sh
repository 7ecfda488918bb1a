#!/usr/bin/env bash
# Key tests for both flavours, at -vvvv, then a search of the whole output for every secret
# the play received: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

for flavor in opa asa; do
  play_without_leaks "$output_dir" 5 keys.yml -e "flavor=$flavor" "$@"
done
