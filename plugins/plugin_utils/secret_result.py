# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Action plugin base for modules that return a secret.

A module cannot hide its own result from callbacks and logs without also hiding it from
``register``. An action plugin can: it marks the result ``_ansible_no_log`` whenever a secret
is in it, so output, ``-vvvv`` and callbacks show it censored while the registered variable
keeps the value (what ``include_vars`` does with ``hide_content``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()


class SecretResultAction(ActionBase):
    # Result keys that hold a secret; subclasses name theirs.
    SECRET_KEYS = ()

    def run(self, tmp=None, task_vars=None):
        return self.run_module(self._task.args, tmp, task_vars)

    def run_module(self, module_args, tmp=None, task_vars=None):
        """Run the module with these arguments; its result is hidden when a secret is in it."""
        result = super(SecretResultAction, self).run(tmp, task_vars)
        result.update(self._execute_module(module_name=self._task.resolved_action, module_args=module_args, task_vars=task_vars))
        if any(result.get(key) for key in self.SECRET_KEYS):
            result["_ansible_no_log"] = True
            if result.get("failed"):
                # Hiding the result hides its message too; the message never holds the secret
                # (ApiError carries no bodies), and the user needs it to act.
                display.warning("%s failed after obtaining a secret, which is kept in the registered result: %s" % (
                    self._task.get_name(), result.get("msg")))
        return result
