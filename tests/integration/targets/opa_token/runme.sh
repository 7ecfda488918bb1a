#!/usr/bin/env bash
# The token must never reach the output, even at -vvvv: run the play at full verbosity and look
# for the token in its output.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

for flavor in opa asa; do
  play_without_leaks "$output_dir" 1 token.yml -e "flavor=$flavor" "$@"
  grep -q "the output has been hidden" "$output_dir/play.log"
done
