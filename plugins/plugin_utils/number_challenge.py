# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Show Okta's number challenge on the controller while a Vault Okta login waits for a push.

Vault keeps the number at ``auth/<mount>/verify/<nonce>`` only while the login is pending
(vault-okta-api.md §4.3). Its own CLI reads it there once a second from a goroutine and prints it
once (``builtin/credential/okta/cli.go``); this does the same from a thread of the action plugin,
while the module's login runs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import threading

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.client import HttpClient
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import VaultClient, path_of

POLL_INTERVAL_SECONDS = 1.0


class NumberChallengeWatcher(threading.Thread):
    """Calls ``read_number()`` every ``interval`` seconds until it answers a number, then ``show(number)`` once.

    ``read_number`` returns None while there is nothing to show (no push yet, or no challenge);
    an exception from it stops the watching quietly: the login goes on without the number."""

    def __init__(self, read_number, show, interval=POLL_INTERVAL_SECONDS, on_error=None):
        super(NumberChallengeWatcher, self).__init__(name="okta-number-challenge")
        self.daemon = True
        self.read_number = read_number
        self.show = show
        self.interval = interval
        self.on_error = on_error
        self.number = None
        self._stop_event = threading.Event()

    def run(self):
        while not self._stop_event.wait(self.interval):
            try:
                number = self.read_number()
            except Exception as exc:  # pylint: disable=broad-exception-caught
                # Anything: watching is a courtesy, it must never fail the login.
                if self.on_error:
                    self.on_error(exc)
                return
            if number is not None and not self._stop_event.is_set():
                self.number = number
                self.show(number)
                return

    def stop(self):
        self._stop_event.set()
        if self.is_alive():
            self.join(self.interval + 5)


def truthy(text):
    return str(text or "").strip().lower() in ("1", "t", "true", "yes", "on", "y")


def verify_reader(args, environ=None):
    """A ``read_number`` for the login the task arguments describe, from the controller.

    The connection options follow the module's rules: the option, else the Vault CLI's
    environment variable (read on the controller)."""
    environ = os.environ if environ is None else environ
    url = args.get("url") or environ.get("VAULT_ADDR")
    if not url:
        raise ValueError("no url and no VAULT_ADDR on the controller")
    validate_certs = args.get("validate_certs")
    if validate_certs is None:
        validate_certs = not truthy(environ.get("VAULT_SKIP_VERIFY"))
    elif not isinstance(validate_certs, bool):
        validate_certs = truthy(validate_certs)
    http = HttpClient(
        url,
        timeout=5,
        validate_certs=validate_certs,
        ca_cert=args.get("ca_cert") or environ.get("VAULT_CACERT"),
        retries=0,
        user_agent="pamops.okta",
    )
    client = VaultClient(http, args.get("namespace") or environ.get("VAULT_NAMESPACE"))
    mount = str(args.get("mount_point") or "okta").strip("/")
    path = path_of("auth", mount, "verify", args["nonce"])

    def read_number():
        try:
            # Unauthenticated in Vault (PathsSpecial.Unauthenticated); no token is sent.
            response = client.request("GET", path, authenticated=False)
        except ApiError as exc:
            if exc.status == 404 and not exc.messages:
                return None
            raise
        data = (http.read_json(response, "GET") or {}).get("data") or {}
        return data.get("correct_answer")

    return read_number


def challenge_message(username, number, push_timeout):
    return "In Okta Verify on %s's phone, tap the number %s (the login waits up to %g s)" % (username, number, push_timeout)
