# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Vault Okta method's groups and users as resource types of the plan layer (module_utils.plan).

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Reads go through the listing once and then one read per object, concurrently; writes are the
full replaces Vault's Okta method takes (vault-okta-api.md §2.3, §3.3). Views compare through
``vault.state``, Vault's own normalisation.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.plan import ExactNames, in_parallel
from ansible_collections.pamops.okta.plugins.module_utils.vault.client import path_of
from ansible_collections.pamops.okta.plugins.module_utils.vault.state import equal_fold, go_lower, group_policies, held_group_name, string_set


class _OktaEntries:
    """What groups and users share: one kind of entry under ``auth/<mount>/<kind>/``."""

    kind = None

    def __init__(self, client, mount, workers=1, read=None):
        self.client = client
        self.mount = mount
        self.workers = workers
        # ``read(client, path, listing)``: the adapter's read, which knows about check mode and mounts.
        self._read = read or (lambda client, path, listing=False: client.list(path) if listing else client.read(path))

    def path(self, name):
        return path_of(self.mount, self.kind, name)

    def list_names(self):
        return self._read(self.client, path_of(self.mount, self.kind), listing=True)

    def read_entry(self, name):
        return self._read(self.client, self.path(name))

    def read_current(self, names=None):
        """``{stored name: view}``: the listing, then a read of each listed entry that ``names``
        designates (every entry when None)."""
        stored = self.list_names()
        wanted = stored if names is None else sorted(set(filter(None, (self.match(name, stored) for name in names))))
        current = {}
        for name, data, error in in_parallel(self.read_entry, wanted, self.workers):
            if error is not None:
                raise error
            if data is not None:
                current[name] = self.view(name, data)
        return current

    def deleted_view(self, before):
        return {}

    def refusal(self, item, current, state):
        return None

    @classmethod
    def name_problem(cls, name):
        """Why no entry can have this name, or None. A ``.`` or ``..`` path segment is resolved
        away by HTTP clients (RFC 3986 section 5.2.4) before Vault sees the path, so the request
        would reach another path or none."""
        if any(segment in (".", "..") for segment in name.strip("/").split("/")):
            return "%s name %r has a '.' or '..' path segment, which no Vault path can hold; rename it" % (cls.noun, name)
        return None

    def apply(self, entry):
        if entry["action"] == "delete":
            self.client.delete(self.path(entry["name"]))
        else:
            self.client.write(self.path(entry["name"]), self.body(entry["after"]))


class OktaGroups(_OktaEntries):
    """Okta groups mapped to policies (§3): names matched without regard to case, new ones
    stored in lower case; policies trimmed, lower-cased, sorted, deduplicated, ``root`` alone."""

    kind = "groups"
    noun = "group"
    same_name_rule = "Vault matches group names without regard to case"
    fields = ("policies",)

    @staticmethod
    def view(name, data):
        return {"name": name, "policies": group_policies((data or {}).get("policies"))}

    @staticmethod
    def match(name, current):
        name = name.strip("/")
        if name in current:
            return name
        for stored in current:
            if equal_fold(stored, name):
                return stored
        # A name Vault's lookup misses but whose write lands on an existing key (U+0130 lower-cases
        # to "i" yet does not fold with it): that key is what the write replaces.
        lowered = go_lower(name)
        return lowered if lowered in current else None

    @staticmethod
    def new_name(name):
        return go_lower(name.strip("/"))

    def desired(self, item, before, replace):
        name = before.get("name") or self.new_name(item["name"])
        if item.get("policies") is None and not replace:
            return dict(before) if before else {"name": name, "policies": []}
        return {"name": name, "policies": group_policies(item.get("policies"))}

    @staticmethod
    def body(view):
        return {"policies": view["policies"]}

    @staticmethod
    def config_of(view):
        return {"name": view["name"], "policies": view["policies"]}

    def read_one(self, name):
        """One group as ``{stored name: view}``: a read finds it whatever the case (§3.2); only
        the listing tells its stored spelling, so it is listed only when it exists."""
        name = name.strip("/")
        data = self.read_entry(name)
        if data is None and go_lower(name) != name:
            # Vault's lookup misses names that do not fold to the lower case it stores them
            # under (U+0130): the entry a write of this name replaces is at that lower case.
            name = go_lower(name)
            data = self.read_entry(name)
        if data is None:
            return {}
        stored = held_group_name(name, self.list_names)
        return {stored: self.view(stored, data)}


class OktaUsers(ExactNames, _OktaEntries):
    """Okta users with local groups and policies (§2): names exact and case-sensitive; both
    lists kept verbatim but trimmed, compared as sets."""

    kind = "users"
    noun = "user"
    same_name_rule = "Vault matches user names exactly"
    fields = ("groups", "policies")

    @staticmethod
    def view(name, data):
        data = data or {}
        return {"name": name, "groups": string_set(data.get("groups")), "policies": string_set(data.get("policies"))}

    def desired(self, item, before, replace):
        after = self.view(item["name"], {} if replace else before)
        for field in self.fields:
            if item.get(field) is not None:
                after[field] = string_set(item[field])
        return after

    @staticmethod
    def body(view):
        # A full replace (§2.3): both lists every time.
        return {"groups": view["groups"], "policies": view["policies"]}

    @staticmethod
    def config_of(view):
        return dict(view)

    def read_one(self, name):
        data = self.read_entry(name)
        return {name: self.view(name, data)} if data is not None else {}


RESOURCE_TYPES = {"groups": OktaGroups, "users": OktaUsers}
