# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Which Okta auth method the module manages.
    DOCUMENTATION = r"""
options:
  mount_point:
    description:
      - Where the Okta auth method is mounted, without the C(auth/) prefix (V(okta) means C(auth/okta)).
      - Leading and trailing slashes are ignored.
    type: str
    default: okta
"""
