#!/usr/bin/env bash
# opa_groups on both flavours, every play at -vvvv, then a search of the whole output for the
# key secret and the bearer tokens the play saw: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

for flavor in opa asa; do
  play_without_leaks "$output_dir" 3 groups.yml -e "flavor=$flavor" "$@"
done
