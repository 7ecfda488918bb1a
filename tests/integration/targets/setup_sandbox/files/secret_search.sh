# shellcheck shell=bash
# Sourced by runme.sh scripts that prove secrets stay out of the output, even at -vvvv.
#
# play_without_leaks DIR MINIMUM PLAYBOOK [ansible-playbook arguments...]
#   Runs PLAYBOOK at -vvvv with secrets_file=DIR/secrets; the play writes every secret it saw
#   there, one a line. Fails when the play fails, when fewer than MINIMUM secrets were written,
#   or when any of them appears in the output, which stays in DIR/play.log for further checks.
play_without_leaks() {
  local dir=$1 minimum=$2 playbook=$3
  shift 3
  ansible-playbook -i ../../inventory -e @../../integration_config.yml -e "secrets_file=$dir/secrets" \
    "$playbook" -vvvv "$@" > "$dir/play.log" 2>&1 || { cat "$dir/play.log"; return 1; }
  grep -E "ok=[0-9]+ +changed=[0-9]+ +unreachable=0 +failed=0" "$dir/play.log"
  test "$(wc -l < "$dir/secrets")" -ge "$minimum"
  if grep -F -f "$dir/secrets" "$dir/play.log"; then
    echo "a secret appeared in the output of $playbook $*"
    return 1
  fi
  echo "no secret in $(wc -l < "$dir/play.log") lines of -vvvv output of $playbook $*"
}
