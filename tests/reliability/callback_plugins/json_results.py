# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A JSON callback for the reliability suite.

ansible-core 2.19 ships no JSON callback (``ansible.posix.json`` lives in another collection), so
the suite brings this one: at the end of the run it writes every task result of every host, as
Ansible hands it to callbacks (``no_log`` already applied), in the shape ``ansible.posix.json``
prints: ``{"plays": [{"play": ..., "tasks": [{"task": ..., "hosts": {host: result}}]}], "stats": ...}``,
to the file named by ``RELIABILITY_JSON_RESULTS``. It runs beside the stdout callback, so one
run gives both outputs. The suite counts failed loop items from it and searches it for secrets.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: json_results
type: notification
short_description: Every task result as one JSON document (the reliability suite's)
description:
  - Writes every play, task and host result as JSON to a file when the playbook ends.
requirements:
  - enabled in callbacks_enabled, with the file named in RELIABILITY_JSON_RESULTS
"""

import json
import os

from ansible.module_utils.common.json import AnsibleJSONEncoder
from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "notification"
    CALLBACK_NAME = "json_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display)
        self.plays = []

    def v2_playbook_on_play_start(self, play):
        self.plays.append({"play": {"name": play.get_name()}, "tasks": []})

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.plays[-1]["tasks"].append({"task": {"name": task.get_name(), "action": task.action}, "hosts": {}})

    def v2_playbook_on_handler_task_start(self, task):
        self.v2_playbook_on_task_start(task, False)

    def _record(self, result, **extra):
        host_result = dict(result._result)
        host_result.update(extra)
        self.plays[-1]["tasks"][-1]["hosts"][result._host.get_name()] = host_result

    def v2_runner_on_ok(self, result, **kwargs):
        self._record(result)

    def v2_runner_on_failed(self, result, ignore_errors=False, **kwargs):
        self._record(result, failed=True)

    def v2_runner_on_skipped(self, result, **kwargs):
        self._record(result, skipped=True)

    def v2_runner_on_unreachable(self, result, **kwargs):
        self._record(result, unreachable=True)

    def v2_playbook_on_stats(self, stats):
        summary = dict((host, stats.summarize(host)) for host in sorted(stats.processed))
        with open(os.environ["RELIABILITY_JSON_RESULTS"], "w") as handle:
            json.dump({"plays": self.plays, "stats": summary}, handle, cls=AnsibleJSONEncoder, indent=2, sort_keys=True)
