#!/usr/bin/env bash
# The role as users run it, one ansible-playbook per run: check mode, the real run and the same
# run again, each judged by its play recap - check mode changes exactly the tasks the real run
# changes, and the run again changes none (apply.yml also proves from the Vault front's request
# log that check mode wrote nothing). Every run of the role is at -vvvv and --diff, and its
# output is searched for the secrets the role was given: none may appear.
set -eux
export ANSIBLE_ROLES_PATH=..
output_dir=$(mktemp -d)
trap 'rm -rf "$output_dir"' EXIT

play() {  # play LOG PLAYBOOK [ARGS...]
  local log=$output_dir/$1
  shift
  ansible-playbook -i ../../inventory -e @../../integration_config.yml -e "output_dir=$output_dir" "$@" > "$log" 2>&1 \
    || { cat "$log"; exit 1; }
  grep -E "ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$log"
}

changed() {  # changed LOG: the recap's changed count
  grep -E "unreachable=0 +failed=0" "$output_dir/$1" | sed -E 's/.* changed=([0-9]+) .*/\1/'
}

converge() {  # converge NAME [ARGS...]: check mode predicts the real run, which changes; again does not
  local name=$1
  shift
  play "$name-check.log" apply.yml -vvvv --check --diff "$@"
  play "$name-real.log" apply.yml -vvvv --diff "$@"
  play "$name-again.log" apply.yml -vvvv --diff "$@"
  local check real again
  check=$(changed "$name-check.log")
  real=$(changed "$name-real.log")
  again=$(changed "$name-again.log")
  echo "$name: changed in check mode=$check, real run=$real, again=$again"
  test "$real" -ge 1 && test "$check" -eq "$real" && test "$again" -eq 0
}

play prepare.log prepare.yml
approle=(-e "@$output_dir/approle.json")

# auth/okta from nothing (check mode predicts the config, groups and users of a mount the run creates).
converge main -e scenario=main
play verify-main.log verify_main.yml

# The same declaration, now exclusive: the strays verify_main.yml added are removed.
converge exclusive -e scenario=main -e '{"vault_okta_auth_exclusive": true}'
play verify-exclusive.log verify_exclusive.yml

play validation.log validation.yml

# A second mount, with the address from VAULT_ADDR and an AppRole login; then the namespace.
VAULT_ADDR=$(python -c 'import json; print(json.load(open("../../integration_config.yml"))["sandbox_vault"]["url"])')
export VAULT_ADDR
converge second -e scenario=second "${approle[@]}"
unset VAULT_ADDR
converge namespace -e scenario=namespace
play verify-places.log verify_places.yml

converge absent -e scenario=absent
play verify-absent.log verify_absent.yml

test "$(wc -l < "$output_dir/secrets")" -eq 3
if grep -F -f "$output_dir/secrets" "$output_dir"/{main,exclusive,second,namespace,absent}-*.log; then
  echo "a token or secret the role was given appeared in its output"
  exit 1
fi
echo "no token or secret in $(cat "$output_dir"/{main,exclusive,second,namespace,absent}-*.log | wc -l) lines of -vvvv output"
