#!/usr/bin/env bash
# Okta logins at -vvvv; then the output is searched for every Vault token and Okta password the
# play used: none may appear. push.yml needs a person answering Okta Verify pushes from the
# number the play shows: answer_pushes.py plays that part from the play's output.
set -eux
export ANSIBLE_ROLES_PATH=..
# shellcheck source=SCRIPTDIR/../setup_sandbox/files/secret_search.sh
source ../setup_sandbox/files/secret_search.sh
output_dir=$(mktemp -d)
push_dir=$(mktemp -d)
trap 'rm -rf "$output_dir" "$push_dir"' EXIT

play_without_leaks "$output_dir" 3 login.yml "$@"

vault_url=$(python -c 'import json; print(json.load(open("../../integration_config.yml"))["sandbox_vault"]["url"])')
python answer_pushes.py "$push_dir/play.log" "$vault_url/_sandbox/push" > "$push_dir/answers.log" 2>&1 &
answerer=$!
# Unbuffered, so that the number reaches the log (as a terminal shows it) while the login waits.
PYTHONUNBUFFERED=1 play_without_leaks "$push_dir" 4 push.yml "$@" || { kill "$answerer" 2>/dev/null; cat "$push_dir/answers.log"; exit 1; }
wait "$answerer" || { cat "$push_dir/answers.log"; exit 1; }
cat "$push_dir/answers.log"
# Shown once per push that had a number challenge, and never for the code logins.
test "$(grep -c "tap the number" "$push_dir/play.log")" -eq 3
