#!/usr/bin/env bash
# Key tests for both flavours, at -vvvv, then a search of the whole output for every secret
# the play received: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

for flavor in opa asa; do
  ansible-playbook -i ../../inventory -e @../../integration_config.yml -e "flavor=$flavor secrets_file=$output_dir/secrets-$flavor" \
    keys.yml -vvvv "$@" > "$output_dir/play-$flavor.log" 2>&1 || { cat "$output_dir/play-$flavor.log"; exit 1; }
  grep -E "ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$output_dir/play-$flavor.log"
  test "$(wc -l < "$output_dir/secrets-$flavor")" -ge 5
  if grep -F -f "$output_dir/secrets-$flavor" "$output_dir/play-$flavor.log"; then
    echo "a key secret appeared in the $flavor play's output"
    exit 1
  fi
done
echo "no key secret in the -vvvv output of either flavour"
