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

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.reconcile import outcome_unknown
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
        return self.read_version()[0]

    def read_version(self):
        """``(data, version)`` of the newest version, or ``(None, None)``."""
        answer = self.client.read(self.data_path)
        if not answer or not answer.get("data"):
            return None, None
        return answer["data"], (answer.get("metadata") or {}).get("version")

    def write(self, data):
        """Store a new version; returns its version number.

        Writing the same data again only adds an identical version, so the write is retried
        after a lost answer or a 5xx; when the outcome is still unknown, the newest version is
        read back, and data that did arrive counts as written (never reported as a failure that
        a caller would then undo)."""
        try:
            response = self.client.request("POST", self.data_path, {"data": data}, retry_unsafe=True)
        except ApiError as exc:
            if not outcome_unknown(exc):
                raise
            stored, version = self.read_version()
            if stored != data:
                raise
            self.client.count_change()
            return version
        return ((self.client.http.read_json(response, "POST") or {}).get("data") or {}).get("version")

    def merge_custom_metadata(self, custom_metadata):
        """Add to the secret's custom metadata. KV v2 replaces custom_metadata whole, so what
        others put there is kept (an owner set at onboarding survives a rotation that does not
        name one). Strings only, as KV v2 requires."""
        current = (self.client.read(self.metadata_path) or {}).get("custom_metadata") or {}
        metadata = dict(current)
        metadata.update((str(k), str(v)) for k, v in custom_metadata.items())
        self.client.write(self.metadata_path, {"custom_metadata": metadata})

    def exists(self):
        return bool(self.client.read(self.metadata_path))

    def delete(self):
        """Delete every version and the metadata: nothing of the secret is left."""
        self.client.delete(self.metadata_path)
