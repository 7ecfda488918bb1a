"""The sandbox's own throughput (issue 13, item 3): is the sandbox fast enough not to be what
a benchmark of the collection measures?

One run, on this machine, against sandboxes this script starts and stops itself:

- simple reads per second on the OPA port: 8 client threads, one keep-alive requests.Session
  each (target: at least 1,000/s), and the sockets left in TIME_WAIT after that burst;
- a pass-through read (KV v2) through the Vault front against the same read sent to OpenBao
  itself, measured side by side in alternating rounds (target: the front at least 0.7x);
- a read of the emulated Okta method (served by the front, authorised through its cache of
  OpenBao's capability answers), with the root token and with a policy-limited token;
- the time of a write (create a service user; mint a token) with 10 and with 10,000 service
  users in the persisted state (target: 10,000 no slower than 2x 10).

Run: .venv/bin/python benchmarks/sandbox_throughput.py [--json FILE] [--check]
Ports: free ones, unless PAMOPS_BENCH_PORT_BASE is set (it uses that port and the 7 above it).
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import requests

THREADS = 8
TEAM = "sandbox"
ADMIN = "sandbox-admin"
BIG_STATE_USERS = 10000
SMALL_STATE_USERS = 10
TARGETS = {
    "opa_reads_per_s": 1000.0,
    "vault_front_to_openbao_ratio": 0.7,
    "write_ratio_big_to_small_state": 2.0,
}


def free_port():
    import socket  # pylint: disable=import-outside-toplevel

    for _attempt in range(50):
        with socket.socket() as probe, socket.socket() as successor:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            try:
                successor.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port
    raise RuntimeError("no two free neighbouring ports")


def ports():
    base = os.environ.get("PAMOPS_BENCH_PORT_BASE")
    if base:
        base = int(base)
        return iter(range(base, base + 8))
    return iter(free_port() for _attempt in range(8))


class SandboxProcess:
    """``pamops-sandbox start`` in a state directory of its own; ``stop`` ends it."""

    def __init__(self, state_dir, seed, opa_port, vault_port=None, bao_port=None):
        self.state_dir = state_dir
        command = [sys.executable, "-m", "pamops_sandbox", "start", "--state-dir", state_dir, "--seed", seed, "--opa-port", str(opa_port)]
        if vault_port:
            command += ["--vault-port", str(vault_port), "--bao-port", str(bao_port)]
        else:
            command.append("--no-vault")
        started = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if started.returncode != 0:
            raise RuntimeError("the sandbox did not start: %s" % started.stderr)
        with open(os.path.join(state_dir, "ready.json"), encoding="utf-8") as handle:
            self.env = json.load(handle)["environment"]
        self.bao_address = "http://127.0.0.1:%d" % bao_port if bao_port else None

    def cpu_seconds(self):
        """User and system CPU time of the sandbox process so far (Linux /proc), or None."""
        try:
            with open(os.path.join(self.state_dir, "pid"), encoding="ascii") as handle:
                pid = int(handle.read())
            with open("/proc/%d/stat" % pid, encoding="ascii") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except (OSError, ValueError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        subprocess.run([sys.executable, "-m", "pamops_sandbox", "stop", "--state-dir", self.state_dir], capture_output=True, check=False, timeout=60)


def write_seed(directory, users):
    import yaml  # pylint: disable=import-outside-toplevel

    import pamops_sandbox.server  # pylint: disable=import-outside-toplevel

    with open(pamops_sandbox.server.DEFAULT_SEED, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle)
    seed["opa"]["teams"][0]["bulk_service_users"] = {"prefix": "bulk-", "count": users}
    path = os.path.join(directory, "seed-%d.yaml" % users)
    with open(path, "w", encoding="utf-8") as handle:
        yaml.safe_dump(seed, handle)
    return path


def opa_token(env, session):
    answer = session.post(
        "%s/v1/teams/%s/service_token" % (env["OKTAPAM_API_HOST"], TEAM),
        json={"key_id": env["OKTAPAM_KEY"], "key_secret": env["OKTAPAM_SECRET"]},
        timeout=30,
    )
    answer.raise_for_status()
    return answer.json()["bearer_token"]


def rate(url, headers, requests_per_thread, threads=THREADS):
    """Requests per second for GET ``url`` from ``threads`` threads, one Session each."""
    sessions = [requests.Session() for _attempt in range(threads)]
    for session in sessions:
        session.trust_env = False
        session.headers.update(headers)
        session.get(url, timeout=30).raise_for_status()
    barrier = threading.Barrier(threads + 1)
    failures = []

    def worker(session):
        barrier.wait()
        for _attempt in range(requests_per_thread):
            answer = session.get(url, timeout=30)
            if answer.status_code != 200:
                failures.append(answer.status_code)

    pool = [threading.Thread(target=worker, args=(session,)) for session in sessions]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    for session in sessions:
        session.close()
    if failures:
        raise RuntimeError("%d of the reads of %s failed, e.g. HTTP %s" % (len(failures), url, failures[0]))
    return threads * requests_per_thread / elapsed


def time_wait(port):
    """Sockets in TIME_WAIT on ``port`` (either end), from ss."""
    if not shutil.which("ss"):
        return None
    listing = subprocess.run(["ss", "-tanH", "state", "time-wait"], capture_output=True, text=True, check=False).stdout
    needle = ":%d" % port
    return sum(1 for line in listing.splitlines() if any(column.endswith(needle) for column in line.split()))


def measure_opa(sandbox, results, reads_per_thread):
    env = sandbox.env
    session = requests.Session()
    session.trust_env = False
    token = opa_token(env, session)
    url = "%s/v1/teams/%s/service_users/%s" % (env["OKTAPAM_API_HOST"], TEAM, ADMIN)
    port = int(env["OKTAPAM_API_HOST"].rsplit(":", 1)[1])
    before = time_wait(port)
    server_cpu, client_cpu = sandbox.cpu_seconds(), time.process_time()
    results["opa_reads_per_s"] = rate(url, {"Authorization": "Bearer %s" % token}, reads_per_thread)
    results["opa_requests_in_burst"] = requests_made = THREADS * reads_per_thread
    # Where the CPU went: on a busy machine the rate says as much about the machine as about
    # the server; its CPU time per read does not.
    if server_cpu is not None:
        results["opa_server_cpu_ms_per_read"] = (sandbox.cpu_seconds() - server_cpu) * 1000 / requests_made
    results["client_cpu_ms_per_read"] = (time.process_time() - client_cpu) * 1000 / requests_made
    after = time_wait(port)
    results["time_wait_after_burst"] = None if after is None else max(0, after - before)


def measure_vault(sandbox, results, rounds, reads_per_thread):
    env = sandbox.env
    session = requests.Session()
    session.trust_env = False
    root = {"X-Vault-Token": env["VAULT_TOKEN"]}
    front = env["VAULT_ADDR"]
    session.post(front + "/v1/secret/data/bench", json={"data": {"k": "v"}}, headers=root, timeout=30).raise_for_status()
    # An emulated Okta mount with one group, and a token whose policy lets it read groups.
    session.post(front + "/v1/sys/auth/okta", json={"type": "okta"}, headers=root, timeout=30).raise_for_status()
    session.post(front + "/v1/auth/okta/config", json={"org_name": "sandbox-org"}, headers=root, timeout=30).raise_for_status()
    session.post(front + "/v1/auth/okta/groups/bench", json={"policies": "p"}, headers=root, timeout=30).raise_for_status()
    policy = 'path "auth/okta/groups/*" { capabilities = ["read"] }'
    session.put(front + "/v1/sys/policies/acl/bench-reader", json={"policy": policy}, headers=root, timeout=30).raise_for_status()
    created = session.post(
        front + "/v1/auth/token/create", json={"policies": ["bench-reader"], "ttl": "1h"}, headers=root, timeout=30
    )
    created.raise_for_status()
    reader = {"X-Vault-Token": created.json()["auth"]["client_token"]}
    kv_path = "/v1/secret/data/bench"
    front_rates, bao_rates = [], []
    for number in range(rounds):
        # Alternate which goes first, so neither always meets a warmer (or busier) machine.
        order = [("front", front), ("bao", sandbox.bao_address)]
        if number % 2:
            order.reverse()
        for name, address in order:
            measured = rate(address + kv_path, root, reads_per_thread)
            (front_rates if name == "front" else bao_rates).append(measured)
    results["vault_front_kv_reads_per_s"] = statistics.median(front_rates)
    results["openbao_kv_reads_per_s"] = statistics.median(bao_rates)
    results["vault_front_to_openbao_ratio"] = statistics.median(f / b for f, b in zip(front_rates, bao_rates))
    results["vault_rounds"] = rounds
    group_url = front + "/v1/auth/okta/groups/bench"
    results["vault_front_okta_reads_per_s_root_token"] = rate(group_url, root, reads_per_thread)
    results["vault_front_okta_reads_per_s_policy_token"] = rate(group_url, reader, reads_per_thread)


def write_times(env, writes):
    """Median milliseconds of one create-user and of one token mint, sequential, keep-alive."""
    session = requests.Session()
    session.trust_env = False
    token = opa_token(env, session)
    base = "%s/v1/teams/%s" % (env["OKTAPAM_API_HOST"], TEAM)
    headers = {"Authorization": "Bearer %s" % token}
    creates, mints = [], []
    stamp = "%x" % int(time.time() * 1000)
    for number in range(writes):
        started = time.perf_counter()
        answer = session.post(base + "/service_users", json={"name": "w-%s-%d" % (stamp, number)}, headers=headers, timeout=30)
        creates.append(time.perf_counter() - started)
        if answer.status_code != 201:
            raise RuntimeError("create user: HTTP %d %s" % (answer.status_code, answer.text))
        started = time.perf_counter()
        opa_token(env, session)
        mints.append(time.perf_counter() - started)
    return statistics.median(creates) * 1000, statistics.median(mints) * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--reads", type=int, default=500, help="reads per client thread and measurement (default %(default)s)")
    parser.add_argument("--rounds", type=int, default=4, help="alternating front/OpenBao rounds (default %(default)s)")
    parser.add_argument("--writes", type=int, default=100, help="timed writes per state size (default %(default)s)")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="pamops-bench-")
    port = ports()
    results = {"client_threads": THREADS}
    started = []
    try:
        small_seed, big_seed = write_seed(work, SMALL_STATE_USERS), write_seed(work, BIG_STATE_USERS)
        opa_port, vault_port, bao_port = next(port), next(port), next(port)
        next(port)  # OpenBao's cluster port
        print("starting a sandbox with OpenBao (%d users in the state) ..." % SMALL_STATE_USERS, flush=True)
        small = SandboxProcess(os.path.join(work, "small"), small_seed, opa_port, vault_port, bao_port)
        started.append(small)
        print("starting a sandbox with %d users in the state ..." % BIG_STATE_USERS, flush=True)
        big = SandboxProcess(os.path.join(work, "big"), big_seed, next(port))
        started.append(big)

        print("OPA reads, %d threads x %d ..." % (THREADS, args.reads), flush=True)
        measure_opa(small, results, args.reads)
        print("Vault front against OpenBao, %d alternating rounds ..." % args.rounds, flush=True)
        measure_vault(small, results, args.rounds, max(50, args.reads // 2))
        print("writes with %d and %d users in the state, %d each, interleaved ..." % (SMALL_STATE_USERS, BIG_STATE_USERS, args.writes), flush=True)
        small_times, big_times = [], []
        for _attempt in range(4):
            small_times.append(write_times(small.env, args.writes // 4))
            big_times.append(write_times(big.env, args.writes // 4))
        results["write_ms_small_state_create_user"] = statistics.median(t[0] for t in small_times)
        results["write_ms_small_state_mint_token"] = statistics.median(t[1] for t in small_times)
        results["write_ms_big_state_create_user"] = statistics.median(t[0] for t in big_times)
        results["write_ms_big_state_mint_token"] = statistics.median(t[1] for t in big_times)
        results["write_ratio_big_to_small_state"] = max(
            results["write_ms_big_state_create_user"] / results["write_ms_small_state_create_user"],
            results["write_ms_big_state_mint_token"] / results["write_ms_small_state_mint_token"],
        )
        results["state_users"] = {"small": SMALL_STATE_USERS, "big": BIG_STATE_USERS}
    finally:
        for sandbox in started:
            sandbox.stop()
        shutil.rmtree(work, ignore_errors=True)

    missed = []
    print()
    for name, value in results.items():
        if isinstance(value, float) and name.endswith("_per_read"):
            print("%-45s %10.3f" % (name, value))
        elif isinstance(value, float):
            target = TARGETS.get(name)
            verdict = ""
            if target is not None:
                met = value <= target if name.startswith("write_ratio") else value >= target
                verdict = "  (target %s %s: %s)" % ("<=" if name.startswith("write_ratio") else ">=", target, "met" if met else "MISSED")
                if not met:
                    missed.append(name)
            print("%-45s %10.2f%s" % (name, value, verdict))
        else:
            print("%-45s %10s" % (name, value))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(dict(results, missed_targets=missed), handle, indent=2)
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
