"""Putting the sandbox's apps on ports: app assembly, HTTP servers, the environment it exports."""

import errno
import os
import socket

import yaml

from pamops_sandbox.hooks import SandboxClock, TestHooks
from pamops_sandbox.http_server import HttpServer
from pamops_sandbox.opa.api import OpaApi
from pamops_sandbox.settings import OpaSettings
from pamops_sandbox.tls import ThrowawayCA
from pamops_sandbox.vault.front import VaultFront
from pamops_sandbox.vault.openbao import OpenBao, OpenBaoError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_OPA_PORT = 18080
# OpenBao also listens on the next port up, for its cluster traffic.
DEFAULT_BAO_PORT = 18210
DEFAULT_VAULT_PORT = 18201
DEFAULT_ROOT_TOKEN = "sandbox-root-token"
DEFAULT_SEED = os.path.join(os.path.dirname(__file__), "default_seed.yaml")


class SandboxError(Exception):
    """A problem the person starting the sandbox can fix; the message says how."""


def load_seed(path=None):
    with open(path or DEFAULT_SEED, encoding="utf-8") as handle:
        seed = yaml.safe_load(handle) or {}
    if not isinstance(seed.get("opa", {}).get("teams"), list) or not seed["opa"]["teams"]:
        raise SandboxError("the seed file %s needs opa.teams: a list with at least one team" % (path or DEFAULT_SEED))
    for team in seed["opa"]["teams"]:
        missing = [k for k in ("user", "group", "key_id", "key_secret") if k not in team.get("admin", {})]
        if "name" not in team or missing:
            raise SandboxError("each team in the seed needs a name and admin.user, admin.group, admin.key_id, admin.key_secret")
    return seed


class Sandbox:
    """The running pieces of one sandbox and the variables that point clients at them."""

    def __init__(
        self,
        state_dir,
        persist,
        flavor="opa",
        seed_path=None,
        tls=False,
        host=DEFAULT_HOST,
        opa_port=DEFAULT_OPA_PORT,
        settings=None,
        vault=False,
        vault_port=DEFAULT_VAULT_PORT,
        bao_port=DEFAULT_BAO_PORT,
    ):
        self.state_dir = state_dir
        self.host = host
        self.seed = load_seed(seed_path)
        os.makedirs(state_dir, exist_ok=True)
        self.ca = ThrowawayCA(state_dir) if tls else None
        self.clock = SandboxClock()
        opa_settings = OpaSettings(flavor=flavor)
        opa_settings.update(settings or {})
        state_path = os.path.join(state_dir, "state.json") if persist else None
        self.opa_api = OpaApi(opa_settings, self.clock, self.seed["opa"], state_path)
        self.opa_app = TestHooks(self.opa_api, self.clock)
        self.servers = []
        self.serving = False
        self.openbao = None
        self.vault_server = None
        self.opa_server = self._bind("OPA API", self.opa_app, opa_port, "--opa-port")
        if vault:
            self._start_vault(persist, vault_port, bao_port)

    def _start_vault(self, persist, vault_port, bao_port):
        vault_seed = self.seed.get("vault") or {}
        if not bao_port:
            bao_port = _free_port(self.host)
        self.openbao = OpenBao(self.host, bao_port, vault_seed.get("root_token", DEFAULT_ROOT_TOKEN), os.path.join(self.state_dir, "openbao.log"))
        try:
            self.openbao.start()
        except OpenBaoError as exc:
            self.shutdown()
            raise SandboxError("%s; if port %d or %d is taken, choose another with --bao-port" % (exc, bao_port, bao_port + 1)) from None
        state_path = os.path.join(self.state_dir, "vault.json") if persist else None
        self.vault_front = VaultFront(self.openbao, vault_seed, state_path)
        self.vault_app = TestHooks(self.vault_front, self.clock)
        self.vault_server = self._bind("Vault front", self.vault_app, vault_port, "--vault-port")

    def _bind(self, what, app, port, option):
        try:
            server = HttpServer(self.host, port, app, self.ca)
        except OSError as exc:
            self.shutdown()
            reason = exc.strerror or str(exc)
            if exc.errno == errno.EADDRINUSE or os.strerror(errno.EADDRINUSE) in str(exc):
                raise SandboxError(
                    "port %d on %s (%s) is in use: stop whatever holds it (pamops-sandbox stop, if it is an "
                    "earlier sandbox) or choose another port with %s" % (port, self.host, what, option)
                ) from None
            raise SandboxError("cannot listen on %s:%d for the %s: %s" % (self.host, port, what, reason)) from None
        self.servers.append(server)
        return server

    def url(self, server):
        scheme = "https" if self.ca else "http"
        host = "[%s]" % self.host if ":" in self.host else self.host
        return "%s://%s:%d" % (scheme, host, server.server_port)

    def environment(self):
        team = self.seed["opa"]["teams"][0]
        variables = {
            "OKTAPAM_API_HOST": self.url(self.opa_server),
            "OKTAPAM_TEAM": team["name"],
            "OKTAPAM_KEY": team["admin"]["key_id"],
            "OKTAPAM_SECRET": team["admin"]["key_secret"],
            "PAMOPS_SANDBOX_STATE_DIR": self.state_dir,
        }
        if self.ca:
            variables["OKTAPAM_CA_CERT"] = self.ca.ca_path
        if self.vault_server:
            variables["VAULT_ADDR"] = self.url(self.vault_server)
            variables["VAULT_TOKEN"] = self.openbao.root_token
            if self.ca:
                variables["VAULT_CACERT"] = self.ca.ca_path
        return variables

    def serve_in_threads(self):
        self.serving = True
        return [server.serve_in_thread() for server in self.servers]

    def shutdown(self):
        for server in self.servers:
            server.stop()
        self.servers = []
        self.serving = False
        # With no request left in flight: fold each journal into its snapshot.
        for service in (getattr(self, "opa_api", None), getattr(self, "vault_front", None)):
            if service is not None:
                service.close()
        if self.openbao is not None:
            self.openbao.stop()


def _free_port(host):
    """A port that is free, and whose successor is too (OpenBao's cluster listener takes it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    for _attempt in range(50):
        with socket.socket(family) as probe, socket.socket(family) as successor:
            probe.bind((host, 0))
            port = probe.getsockname()[1]
            try:
                successor.bind((host, port + 1))
            except OSError:
                continue
            return port
    raise SandboxError("found no two free neighbouring ports on %s for OpenBao" % host)
