# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One secret of a KV version 2 engine: read, write, custom metadata, delete.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of


class KvV2Secret:
    def __init__(self, client, mount, path):
        self.client = client
        self.mount = mount.strip("/")
        self.path = path.strip("/")
        self.data_path = path_of(self.mount, "data", self.path)
        self.metadata_path = path_of(self.mount, "metadata", self.path)

    def read(self):
        """The newest version's data, or None when there is none (never written, or deleted)."""
        answer = self.client.read(self.data_path)
        if not answer or not answer.get("data"):
            return None
        return answer["data"]

    def write(self, data, custom_metadata=None):
        """Store a new version; returns its version number."""
        response = self.client.request("POST", self.data_path, {"data": data})
        answer = self.client.http.read_json(response, "POST") or {}
        if custom_metadata:
            # KV v2 replaces custom_metadata whole: keep what others put there (an owner set at
            # onboarding survives a rotation that does not name one). Strings only, as KV v2 requires.
            current = (self.client.read(self.metadata_path) or {}).get("custom_metadata") or {}
            metadata = dict(current)
            metadata.update((str(k), str(v)) for k, v in custom_metadata.items())
            self.client.request("POST", self.metadata_path, {"custom_metadata": metadata})
        return ((answer.get("data") or {}).get("version"))

    def exists(self):
        return bool(self.client.read(self.metadata_path))

    def delete(self):
        """Delete every version and the metadata: nothing of the secret is left."""
        self.client.delete(self.metadata_path)
