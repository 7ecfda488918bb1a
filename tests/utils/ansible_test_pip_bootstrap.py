# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip.py script ansible-test downloads into its managed virtualenvs.

ansible-test fetches get-pip from a host that machines reaching only PyPI cannot resolve, and
falls back to a cached copy under ~/.ansible/test/cache/. The Makefile copies this file there.
It installs pip with the interpreter's own ensurepip, then lets that pip install what
ansible-test asked get-pip for (a pinned pip), from the index the machine is configured for.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ensurepip
import importlib
import os
import runpy
import sys


def main():
    ensurepip.bootstrap(upgrade=True)
    # ensurepip points PIP_CONFIG_FILE at an empty file; drop it so the machine's pip.conf
    # (index, CA bundle) applies to the install below.
    os.environ.pop("PIP_CONFIG_FILE", None)
    importlib.invalidate_caches()
    # get-pip's own flags; pip install does not know them.
    arguments = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
    sys.argv = ["pip", "install"] + arguments
    runpy.run_module("pip", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
