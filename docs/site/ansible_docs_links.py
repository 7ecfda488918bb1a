# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Sphinx extension: links to Ansible's own documentation, resolved without a network.

The pages antsibull-docs renders refer to labels of docs.ansible.com (``common_return_values``,
``action_plugins``, other collections' plugin pages). Sphinx would resolve them through
intersphinx, which downloads docs.ansible.com's inventory at build time; the machines that build
this site reach package registries only. So the labels below become plain external links.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from docutils import nodes

ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/devel/"

# Labels of the Ansible documentation that antsibull-docs' pages use, and where they live.
ANSIBLE_LABELS = {
    "common_return_values": "reference_appendices/common_return_values.html",
    "ansible_configuration_settings": "reference_appendices/config.html",
    "action_plugins": "plugins/action.html",
    "module_defaults": "playbook_guide/playbooks_module_defaults.html",
    "check_mode_dry": "playbook_guide/playbooks_checkmode.html",
}

COLLECTION_LABEL_PREFIX = "ansible_collections."


def ansible_docs_url(target):
    """The docs.ansible.com URL of a label, or None when it is not one of Ansible's."""
    if target in ANSIBLE_LABELS:
        return ANSIBLE_DOCS + ANSIBLE_LABELS[target]
    if target.startswith(COLLECTION_LABEL_PREFIX) and not target.startswith(COLLECTION_LABEL_PREFIX + "pamops.okta."):
        # ansible_collections.<namespace>.<name>.<plugin>_<type>: another collection's plugin page.
        parts = target[len(COLLECTION_LABEL_PREFIX):].split(".")
        if len(parts) == 3 and "__" not in parts[2]:
            namespace, name, page = parts
            return "%scollections/%s/%s/%s.html" % (ANSIBLE_DOCS, namespace, name, page)
    return None


def resolve_ansible_reference(app, env, node, contnode):
    """Sphinx's missing-reference event: turn a known Ansible label into an external link."""
    if node.get("refdomain") != "std" or node.get("reftype") != "ref":
        return None
    url = ansible_docs_url(node.get("reftarget", ""))
    if url is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=url)
    reference.append(contnode)
    return reference


def setup(app):
    app.connect("missing-reference", resolve_ansible_reference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
