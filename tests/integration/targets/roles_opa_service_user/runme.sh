#!/usr/bin/env bash
# The onboarding, rotation and offboarding roles, each through ansible-playbook: check mode,
# the real run, and the same again, which must change nothing. Verification plays read the
# sandboxes' state: the stored Vault secret mints a token; an offboarded user's key does not.
set -eux
export ANSIBLE_ROLES_PATH=..
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
play() {
  ansible-playbook -i ../../inventory -e @../../integration_config.yml "$@" > "$work/last.log" 2>&1 || { cat "$work/last.log"; return 1; }
  grep -E '^testhost' "$work/last.log" | tail -n1
}
changed() { grep -E '^testhost' "$work/last.log" | tail -n1 | sed -E 's/.*changed=([0-9]+).*/\1/'; }

play setup.yml

# -- onboarding ---------------------------------------------------------------------------------------
play clear_logs.yml
play onboard.yml --check
test "$(changed)" -gt 0
play verify.yml -e step=after_onboard_check
play onboard.yml
onboard_changes=$(changed)
test "$onboard_changes" -gt 0
play onboard.yml
test "$(changed)" -eq 0
play verify.yml -e step=after_onboard

# -- rotation -------------------------------------------------------------------------------------------
play rotate.yml -e rotate_force=true --check
test "$(changed)" -eq 1
play rotate.yml -e rotate_force=true
test "$(changed)" -eq 1
play rotate.yml
test "$(changed)" -eq 0
play verify.yml -e step=after_rotate

# -- offboarding ----------------------------------------------------------------------------------------
play clear_logs.yml
play offboard.yml --check
test "$(changed)" -gt 0
play verify.yml -e step=after_offboard_check
play offboard.yml
test "$(changed)" -gt 0
play offboard.yml
test "$(changed)" -eq 0
play verify.yml -e step=after_offboard

# -- play-level module_defaults reach the role's modules ---------------------------------------------------
play onboard_play_defaults.yml
test "$(changed)" -gt 0
play onboard_play_defaults.yml
test "$(changed)" -eq 0

# -- a wrong variable type fails at argument validation, naming the variable -------------------------------
if play onboard.yml -e '{"opa_service_user_onboard_opa": ["not", "a", "dict"]}'; then
  echo "the role accepted a list for a dict"
  exit 1
fi
grep -q "Validation of arguments failed" "$work/last.log"
grep -q "opa_service_user_onboard_opa" "$work/last.log"
# Nothing ran after the validation failed.
grep -q "Create the service user in its groups" "$work/last.log" && exit 1
echo "all role steps behaved"
