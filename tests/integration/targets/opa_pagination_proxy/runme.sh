#!/usr/bin/env bash
# Listings over several pages through a proxy in front of each sandbox, while the sandbox's Link
# URLs name a host the client was not given: the proxy's upstream, then a canonical host that
# does not resolve. Okta's SDK and Terraform copy only the link's offset and stay on their own
# host (opa-api.md section 6); so must the collection.
set -eux
export ANSIBLE_ROLES_PATH=..
workdir=$(mktemp -d)
proxy_pid=
stop_proxy() {
  if [ -n "$proxy_pid" ]; then kill "$proxy_pid" 2>/dev/null || true; wait "$proxy_pid" 2>/dev/null || true; fi
  proxy_pid=
}
trap 'stop_proxy; rm -rf "$workdir"' EXIT

for flavor in opa asa; do
  # The integration config is JSON (tests/utils/integration_config.py).
  upstream=$(python -c 'import json, sys; print(json.load(open(sys.argv[1]))["sandbox_" + sys.argv[2]]["api_host"])' ../../integration_config.yml "$flavor")
  rm -f "$workdir/port" "$workdir/requests.log"
  python files/forward_proxy.py "$upstream" "$workdir/port" "$workdir/requests.log" 2>"$workdir/proxy-$flavor.err" &
  proxy_pid=$!
  for _ in $(seq 100); do [ -s "$workdir/port" ] && break; sleep 0.1; done
  proxy_url="http://127.0.0.1:$(cat "$workdir/port")"
  ansible-playbook -i ../../inventory -e @../../integration_config.yml pages.yml -e "flavor=$flavor" -e "proxy_url=$proxy_url" -e "proxy_log=$workdir/requests.log" "$@"
  stop_proxy
done
