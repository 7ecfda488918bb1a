# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx configuration of the pamops.okta docs site (`make docs`).

Started from `antsibull-docs sphinx-init`; the differences: our titles, no intersphinx (the
build runs without a network, see ansible_docs_links.py), and nitpicky with warnings as errors
(the Makefile passes -W).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

project = "pamops.okta"
copyright = "pamops.okta contributors"  # pylint: disable=redefined-builtin
title = "pamops.okta: Okta Privileged Access and Vault's Okta auth method as code"
html_short_title = "pamops.okta"
html_title = title

extensions = ["sphinx.ext.intersphinx", "sphinx_antsibull_ext", "ansible_docs_links"]

pygments_style = "ansible"
highlight_language = "YAML+Jinja"

html_theme = "sphinx_ansible_theme"
html_show_sphinx = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# Offline build: every reference to docs.ansible.com is resolved by ansible_docs_links.
intersphinx_mapping = {}

default_role = "any"
nitpicky = True
