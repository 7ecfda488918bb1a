# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes each task's wall time (start to result, loops included) as JSON to $BENCH_TIMER_OUT,
so that `make bench` can time the tasks apart from ansible-playbook's own start-up."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: task durations for make bench
description: Writes each task's duration, changed and failed flags to the file named by BENCH_TIMER_OUT.
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.tasks = []
        self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.current = {"name": task.get_name(), "started": time.time(), "seconds": None, "changed": False, "failed": False}
        self.tasks.append(self.current)

    def _finish(self, result, failed):
        if self.current is None:
            return
        self.current["seconds"] = time.time() - self.current["started"]
        self.current["changed"] = bool(result._result.get("changed"))
        self.current["failed"] = failed
        if failed:
            self.current["msg"] = str(result._result.get("msg", ""))[:2000]

    def v2_runner_on_ok(self, result):
        self._finish(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._finish(result, True)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("BENCH_TIMER_OUT")
        if path:
            with open(path, "w") as handle:
                json.dump(self.tasks, handle)
