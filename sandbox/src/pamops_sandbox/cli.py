"""pamops-sandbox start | stop | run | env"""

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import threading
import time

from pamops_sandbox.server import DEFAULT_BAO_PORT, DEFAULT_HOST, DEFAULT_OPA_PORT, DEFAULT_VAULT_PORT, Sandbox, SandboxError

START_TIMEOUT = 10.0
STOP_TIMEOUT = 5.0


def default_state_dir():
    return os.path.join(tempfile.gettempdir(), "pamops-sandbox-%d" % os.getuid())


def _files(state_dir):
    return {name: os.path.join(state_dir, name) for name in ("pid", "ready.json", "env.sh", "sandbox.log")}


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own child, not yet reaped) is not a running sandbox.
    try:
        with open("/proc/%d/stat" % pid, encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _is_sandbox(pid):
    """Whether ``pid`` runs a sandbox, and is not some other program that reused the pid of a
    sandbox that died without cleaning up (stop would otherwise signal its process group)."""
    if not _alive(pid):
        return False
    if not os.path.isdir("/proc"):
        return True
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            command = handle.read()
    except OSError:
        return False
    # "python -m pamops_sandbox run" (from start) or "pamops-sandbox run" (in the foreground).
    return b"pamops_sandbox" in command or b"pamops-sandbox" in command


def _read_pid(state_dir):
    try:
        with open(_files(state_dir)["pid"], encoding="ascii") as handle:
            return int(handle.read().strip())
    except (OSError, ValueError):
        return None


def export_lines(variables):
    return "".join("export %s=%s\n" % (name, shlex.quote(value)) for name, value in sorted(variables.items()))


def _write(path, text):
    with open(path + ".tmp", "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(path + ".tmp", path)


def run(args):
    """Serve in the foreground until SIGTERM or Ctrl-C."""
    state_dir = os.path.abspath(args.state_dir or default_state_dir())
    files = _files(state_dir)
    settings = {}
    if args.rate_limit is not None:
        settings["rate_limit"] = args.rate_limit
    if args.token_lifetime is not None:
        settings["token_lifetime"] = args.token_lifetime
    if args.key_grace is not None:
        settings["key_grace"] = args.key_grace
    sandbox = Sandbox(
        state_dir,
        # start always names the directory for its runtime files, and says --no-persist when
        # the user gave none: state then lives in memory only.
        persist=bool(args.state_dir) and not args.no_persist,
        flavor=args.flavor,
        seed_path=args.seed,
        tls=args.tls,
        host=args.host,
        opa_port=args.opa_port,
        settings=settings,
        vault=not args.no_vault,
        vault_port=args.vault_port,
        bao_port=args.bao_port,
    )
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *unused: stop.set())
    sandbox.serve_in_threads()
    variables = sandbox.environment()
    _write(files["env.sh"], export_lines(variables))
    _write(files["pid"], "%d\n" % os.getpid())
    _write(files["ready.json"], json.dumps({"pid": os.getpid(), "environment": variables}))
    if args.foreground_banner:
        sys.stdout.write(export_lines(variables))
        sys.stdout.write("# pamops-sandbox is running; Ctrl-C stops it\n")
        sys.stdout.flush()
    try:
        stop.wait()
    finally:
        sandbox.shutdown()
        for name in ("pid", "ready.json"):
            if os.path.exists(files[name]):
                os.unlink(files[name])
    return 0


def start(args):
    state_dir = os.path.abspath(args.state_dir or default_state_dir())
    os.makedirs(state_dir, exist_ok=True)
    files = _files(state_dir)
    pid = _read_pid(state_dir)
    if pid and _is_sandbox(pid):
        raise SandboxError("a sandbox already runs from %s (pid %d); run: pamops-sandbox stop --state-dir %s" % (state_dir, pid, state_dir))
    for name in ("pid", "ready.json"):
        if os.path.exists(files[name]):
            os.unlink(files[name])
    command = [sys.executable, "-m", "pamops_sandbox", "run", "--quiet"] + _passthrough(args, state_dir)
    with open(files["sandbox.log"], "ab") as log:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if os.path.exists(files["ready.json"]):
            with open(files["ready.json"], encoding="utf-8") as handle:
                variables = json.load(handle)["environment"]
            sys.stdout.write(export_lines(variables))
            sys.stdout.write("# also written to %s: source it, or eval \"$(pamops-sandbox start)\"\n" % files["env.sh"])
            return 0
        if child.poll() is not None:
            raise SandboxError("the sandbox stopped during start-up:\n%s" % _tail(files["sandbox.log"]))
        time.sleep(0.02)
    child.kill()
    raise SandboxError("the sandbox did not answer within %.0f s:\n%s" % (START_TIMEOUT, _tail(files["sandbox.log"])))


def _passthrough(args, state_dir):
    options = ["--state-dir", state_dir, "--flavor", args.flavor, "--host", args.host, "--opa-port", str(args.opa_port)]
    options += ["--vault-port", str(args.vault_port), "--bao-port", str(args.bao_port)]
    if args.no_vault:
        options.append("--no-vault")
    if not args.state_dir:
        options.append("--no-persist")
    if args.tls:
        options.append("--tls")
    if args.seed:
        options += ["--seed", os.path.abspath(args.seed)]
    for name in ("rate_limit", "token_lifetime", "key_grace"):
        value = getattr(args, name)
        if value is not None:
            options += ["--" + name.replace("_", "-"), str(value)]
    return options


def _tail(path, lines=20):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return "".join(handle.readlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(args):
    state_dir = os.path.abspath(args.state_dir or default_state_dir())
    files = _files(state_dir)
    pid = _read_pid(state_dir)
    if not pid or not _is_sandbox(pid):
        sys.stdout.write("no sandbox running from %s\n" % state_dir)
        for name in ("pid", "ready.json"):
            if os.path.exists(files[name]):
                os.unlink(files[name])
        return 0
    # A started sandbox leads its own process group (start_new_session): stopping the group also
    # stops anything it started. A foreground `run` may be in its caller's group instead; then
    # only the sandbox process itself is signalled (killpg would miss it and report success).
    try:
        leads_group = os.getpgid(pid) == pid
    except ProcessLookupError:
        leads_group = False
    send, running = (os.killpg, _group_alive) if leads_group else (os.kill, _alive)
    try:
        send(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + STOP_TIMEOUT
    while time.monotonic() < deadline and running(pid):
        time.sleep(0.02)
    if running(pid):
        try:
            send(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for name in ("pid", "ready.json"):
        if os.path.exists(files[name]):
            os.unlink(files[name])
    sys.stdout.write("sandbox stopped (pid %d)\n" % pid)
    return 0


def _group_alive(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return _alive(pgid)


def env(args):
    files = _files(os.path.abspath(args.state_dir or default_state_dir()))
    if not os.path.exists(files["env.sh"]):
        raise SandboxError("no env.sh in %s: start the sandbox first" % os.path.dirname(files["env.sh"]))
    with open(files["env.sh"], encoding="utf-8") as handle:
        sys.stdout.write(handle.read())
    return 0


def parser():
    top = argparse.ArgumentParser(prog="pamops-sandbox", description="Local stand-in for Okta Privileged Access (and, later, Vault).")
    commands = top.add_subparsers(dest="command", required=True)

    def add_state_dir(sub):
        sub.add_argument("--state-dir", help="keep state here across restarts (default: no persistence, files in %s)" % default_state_dir())

    for name, helptext in (("start", "start in the background and print export lines"), ("run", "serve in the foreground")):
        sub = commands.add_parser(name, help=helptext)
        add_state_dir(sub)
        sub.add_argument("--tls", action="store_true", help="serve HTTPS with a throwaway CA (exported as OKTAPAM_CA_CERT)")
        sub.add_argument("--flavor", choices=("opa", "asa"), default="opa", help="role names and user fields of OPA or ASA")
        sub.add_argument("--seed", help="YAML seed file (default: the packaged default_seed.yaml)")
        sub.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (default %(default)s)")
        sub.add_argument("--opa-port", type=int, default=DEFAULT_OPA_PORT, help="OPA API port (default %(default)s)")
        sub.add_argument("--vault-port", type=int, default=DEFAULT_VAULT_PORT, help="Vault front port, the VAULT_ADDR (default %(default)s)")
        sub.add_argument("--bao-port", type=int, default=DEFAULT_BAO_PORT, help="OpenBao's own port, behind the front (default %(default)s)")
        sub.add_argument("--no-vault", action="store_true", help="start the OPA API only")
        sub.add_argument("--rate-limit", type=int, help="requests per minute and team before 429 (default: not enforced)")
        sub.add_argument("--token-lifetime", type=float, help="bearer token lifetime in seconds (default 3600)")
        sub.add_argument("--key-grace", type=float, help="seconds older keys stay valid after a rotation (default 172800)")
        if name == "run":
            sub.add_argument("--no-persist", action="store_true", help=argparse.SUPPRESS)
            sub.add_argument("--quiet", dest="foreground_banner", action="store_false", help=argparse.SUPPRESS)
    add_state_dir(commands.add_parser("stop", help="stop the sandbox started from the state directory"))
    add_state_dir(commands.add_parser("env", help="print the export lines of the running sandbox"))
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    handlers = {"start": start, "stop": stop, "run": run, "env": env}
    try:
        sys.exit(handlers[args.command](args))
    except SandboxError as exc:
        sys.stderr.write("pamops-sandbox: %s\n" % exc)
        sys.exit(1)
