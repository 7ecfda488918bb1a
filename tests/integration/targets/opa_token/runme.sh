#!/usr/bin/env bash
# The token must never reach the output, even at -vvvv: run the play at full verbosity, keep
# the output, and look for the token in it.
set -eux
export ANSIBLE_ROLES_PATH=..
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

for flavor in opa asa; do
  ansible-playbook -i ../../inventory -e @../../integration_config.yml -e "flavor=$flavor token_file=$output_dir/token" \
    token.yml -vvvv "$@" > "$output_dir/play.log" 2>&1 || { cat "$output_dir/play.log"; exit 1; }
  grep -E "ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$output_dir/play.log"
  test -s "$output_dir/token"
  if grep -F -f "$output_dir/token" "$output_dir/play.log"; then
    echo "the bearer token appeared in the $flavor play's output"
    exit 1
  fi
  grep -q "the output has been hidden" "$output_dir/play.log"
  echo "$flavor: the token stayed out of $(wc -l < "$output_dir/play.log") lines of -vvvv output"
done
