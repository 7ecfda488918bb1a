# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The state vocabulary and concurrency of the bulk (resource) modules.
    DOCUMENTATION = r"""
options:
  state:
    description:
      - V(merged) creates the listed objects that do not exist and updates the listed ones that differ. An option left out of
        a C(config) item keeps its current value (a new object gets the default).
      - V(replaced) makes each listed object exactly as given. An option left out of a C(config) item takes its default,
        as for a new object. Objects not listed are left alone.
      - V(overridden) is V(replaced), and deletes every object that O(config) does not list. This is the exclusive mode,
        the set becomes exactly O(config). Run it in check mode first and read the diff. With an empty O(config) it
        deletes every object, and only when O(delete_all=true).
      - V(deleted) deletes the listed objects (only the C(name) of each item matters). With an empty O(config) it deletes
        every object, and only when O(delete_all=true).
      - V(gathered) reads every object and returns it as RV(gathered), in the O(config) format, and changes nothing. Paste
        the result into a play to adopt an existing setup as code.
    type: str
    choices: [merged, replaced, overridden, deleted, gathered]
    default: merged
  delete_all:
    description:
      - Confirms that O(state=deleted) or O(state=overridden) with an empty O(config) deletes every object. Without it
        that run fails and changes nothing.
    type: bool
    default: false
  workers:
    description:
      - How many requests are sent at once, over one set of kept-alive connections.
      - When the service answers 429, every worker waits until the time it names.
      - The default suits a SaaS API; lower it to go easy on a busy service.
    type: int
    default: 8
notes:
  - Every object that can be applied is applied, whatever happens to the others. When some fail, the task fails after
    the others are done, names each failed object and why in its message and in RV(failed_items), and reports
    C(changed) for what was applied. Running it again converges.
  - Check mode and diff mode come from the same plan as the real run. The diff lists only the objects that change,
    keyed by name, so it stays readable for thousands of objects.
"""
