# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""vault_okta_login on the controller: hide the token, and show Okta's number challenge.

While the module's login waits for an Okta Verify push, a thread reads
``auth/<mount_point>/verify/<nonce>`` once a second and shows the number the person must tap,
as ``vault login -method=okta`` does.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.utils.display import Display

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import MissingLibraryError
from ansible_collections.pamops.okta.plugins.module_utils.vault.auth import new_nonce
from ansible_collections.pamops.okta.plugins.plugin_utils.number_challenge import (
    NumberChallengeWatcher,
    challenge_message,
    verify_reader,
)
from ansible_collections.pamops.okta.plugins.plugin_utils.secret_result import SecretResultAction

display = Display()

DEFAULT_PUSH_TIMEOUT = 60


class ActionModule(SecretResultAction):
    SECRET_KEYS = ("token",)

    def module_args(self):
        """The task's arguments with a nonce of our own, so that we know where Vault keeps the number."""
        args = dict(self._task.args)
        args["nonce"] = args.get("nonce") or new_nonce()
        return args

    def start_watching(self, args):
        username = args.get("username") or "the user"
        try:
            push_timeout = float(args.get("push_timeout") or DEFAULT_PUSH_TIMEOUT)
        except (TypeError, ValueError):
            push_timeout = DEFAULT_PUSH_TIMEOUT
        try:
            read_number = verify_reader(args)
        except (MissingLibraryError, ValueError) as exc:
            # The module reports a bad url itself; without requests here, it still logs in.
            display.vvv("pamops.okta.vault_okta_login: cannot watch for a number challenge on the controller: %s" % exc)
            return None
        watcher = NumberChallengeWatcher(
            read_number,
            show=lambda number: display.display(challenge_message(username, number, push_timeout), color="bright yellow"),
            on_error=lambda exc: display.vvv("pamops.okta.vault_okta_login: stopped watching for a number challenge: %s" % exc),
        )
        watcher.start()
        return watcher

    def run(self, tmp=None, task_vars=None):
        args = self.module_args()
        watcher = self.start_watching(args)
        try:
            return self.run_module(args, tmp, task_vars)
        finally:
            if watcher is not None:
                watcher.stop()
