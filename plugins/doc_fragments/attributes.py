# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Check and diff mode of modules that change things.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode; the result predicts exactly what a real run would change.
  diff_mode:
    description: Returns the state before and after (predicted, in check mode) with secrets left out.
"""

    # Modules that only read.
    INFO_MODULE = r"""
attributes:
  check_mode:
    support: full
    details: This module changes nothing, so it runs the same in check mode.
  diff_mode:
    support: N/A
    details: This module changes nothing.
"""

    ACTIONGROUP_OPA = r"""
attributes:
  action_group:
    description: Use C(group/pamops.okta.opa) in C(module_defaults) to set the connection options of every OPA module at once.
    support: full
    membership:
      - pamops.okta.opa
"""

    ACTIONGROUP_VAULT = r"""
attributes:
  action_group:
    description: Use C(group/pamops.okta.vault) in C(module_defaults) to set the connection and login options of every Vault module at once.
    support: full
    membership:
      - pamops.okta.vault
"""
