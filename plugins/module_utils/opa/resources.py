# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""OPA service users and groups as resource types of the plan layer (module_utils.plan).

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Listings are paged 100 at a time (opa-api.md §6), so a set of N objects costs ceil(N/100)
requests; memberships are read per group or per user, whichever takes fewer requests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.plan import ExactNames, PlanError, in_parallel
from ansible_collections.pamops.okta.plugins.module_utils.opa.state import (
    ROLES,
    SERVICE_ASSIGNED_ROLES,
    flavor_of_host,
    is_live_group,
    role_set,
    service_assigned_roles,
    user_status,
)

# Roles OPA accepts when a group is created; the others can only be set by an update (opa-api.md §8).
OPA_CREATE_ROLES = ("pam_admin", "resource_admin", "security_admin")


def check_roles(roles, flavor, api_host, option="roles"):
    """Raise PlanError for roles no group can be given (§8, §9); ``flavor`` is auto, opa or asa."""
    assigned = sorted(set(roles) & set(SERVICE_ASSIGNED_ROLES))
    if assigned:
        raise PlanError(
            "%s: %s cannot be set on a group: OPA gives it to a group that a resource group names among its "
            "delegated admins (manage that on the resource group), and refuses it on group create and update. "
            "Remove it from roles; the module leaves it in place on groups that have it" % (option, ", ".join(assigned))
        )
    if flavor == "auto":
        flavor = flavor_of_host(api_host)
    known = set(ROLES[flavor]) if flavor else set(ROLES["opa"]) | set(ROLES["asa"])
    unknown = sorted(set(roles) - known)
    if unknown:
        label = flavor.upper() if flavor else "OPA or ASA"
        raise PlanError("%s: %s not known %s role(s); known roles: %s" % (option, ", ".join(unknown), label, ", ".join(sorted(known))))


class OpaGroups(ExactNames):
    """Groups with roles (§8). Deleted groups keep their names; roles only the service assigns
    (delegated_resource_admin) are left out of views and left in place by updates."""

    noun = "group"
    same_name_rule = "OPA matches group names exactly"

    def __init__(self, client, workers=1):
        self.client = client
        self.workers = workers
        self.deleted = {}
        self.warnings = []
        # The API objects read one at a time (single-resource module), by name.
        self.objects = {}

    @staticmethod
    def view(group):
        return {"name": group["name"], "roles": role_set(group.get("roles"))}

    def read_current(self, names=None):
        current = {}
        for group in self.client.list_groups():
            if is_live_group(group):
                current[group["name"]] = self.view(group)
            else:
                self.deleted[group["name"]] = group
        return current

    def read_one(self, name):
        group = self.client.get_group(name)
        self.objects[name] = group
        if is_live_group(group):
            return {name: self.view(group)}
        if group:
            self.deleted[name] = group
        return {}

    @staticmethod
    def desired(item, before, replace):
        if item.get("roles") is not None:
            roles = role_set(item["roles"])
        else:
            roles = [] if replace else before.get("roles", [])
        return {"name": item["name"], "roles": roles}

    @staticmethod
    def deleted_view(before):
        return {}

    def refusal(self, item, current, state):
        if state != "deleted" and item["name"] not in current and item["name"] in self.deleted:
            self.warnings.append("group %s exists as a deleted group; the service may refuse to reuse its name" % item["name"])
        return None

    @staticmethod
    def config_of(view):
        return dict(view)

    def guard(self, changes):
        """Refuse to delete a group that the service user this run authenticates as belongs to:
        OPA grants roles through groups (§8), so it may be where the run's own role comes from,
        and deleting it would fail the rest of the run's writes and lock out every later run with
        that key, with nobody left to fix it through the API. Costs, only when a delete is
        planned, one current_user read and one read of that user's groups.
        Returns the changes to make and ``[(name, message)]`` of those refused."""
        deleting = set(entry["name"] for entry in changes if entry["action"] == "delete")
        if not deleting:
            return changes, []
        own_user = (self.client.current_user() or {}).get("name")
        if not own_user:
            return changes, []
        own = deleting & set(group["name"] for group in self.client.groups_of_user(own_user))
        message = (
            "group %s has %s, the service user this run authenticates as, among its members: deleting it may take away "
            "the role this run and every later run with this key work with. Delete it from a run that authenticates as a "
            "service user outside the group"
        )
        return [entry for entry in changes if entry["name"] not in own], [(name, message % (name, own_user)) for name in sorted(own)]

    def apply(self, entry):
        name, after = entry["name"], entry["after"]
        if entry["action"] == "delete":
            self.client.delete_group(name)
        elif entry["action"] == "create":
            at_create = [role for role in after["roles"] if role in OPA_CREATE_ROLES or role in ROLES["asa"]]
            try:
                group = self.client.create_group(name, at_create)
            except ApiError as exc:
                if exc.status == 409:
                    # A group listing leaves deleted groups out (§8), so a bulk run learns of one here.
                    exc.hint = "a group named %s exists or existed (deleted groups keep their names); choose another name" % name
                raise
            if role_set(group.get("roles")) != after["roles"]:
                self.client.set_group_roles(name, after["roles"])
        else:
            self.client.set_group_roles(name, after["roles"])

    def predicted_object(self, entry):
        """The API object the run leaves, predicted from the plan (check mode)."""
        if not entry["after"]:
            return {}
        read_object = self.objects.get(entry["name"])
        predicted = dict(read_object or {"id": None, "deleted_at": None}, **entry["after"])
        if read_object and is_live_group(read_object):
            # An update leaves the roles the service assigns (§8); the read-back keeps them.
            predicted["roles"] = sorted(entry["after"]["roles"] + service_assigned_roles(read_object.get("roles")))
        return predicted


class OpaServiceUsers(ExactNames):
    """Service users with status and, when managed, group memberships (§3, §8). Deleting is the
    service's soft delete: the user stays with status DELETED and its name stays reserved."""

    noun = "service user"
    same_name_rule = "OPA matches service user names exactly"

    def __init__(self, client, manage_groups, workers=1, check_mode=False):
        self.client = client
        self.manage_groups = manage_groups
        self.workers = workers
        self.check_mode = check_mode
        self.deleted = {}
        # {group: [users joining it]} of groups that do not exist, seen in check mode.
        self._missing_in_check_mode = {}
        # Names of the live groups when a listing was read; None: ask per group when needed.
        self.live_groups = None
        # The API objects read one at a time (single-resource module), by name.
        self.objects = {}
        # False once the live users were listed and the deleted ones not yet (see deleted_user).
        self._deleted_listed = None

    @staticmethod
    def view(name, status, groups=None):
        state = {"name": name, "status": status}
        if groups is not None:
            state["groups"] = sorted(groups)
        return state

    def read_current(self, names=None):
        users = {}
        self._deleted_listed = False
        for user in self.client.list_service_users():
            if user_status(user) == "deleted":
                self.deleted[user["name"]] = user
            else:
                users[user["name"]] = user
        memberships = None
        if self.manage_groups:
            in_scope = sorted(users) if names is None else sorted(set(names) & set(users))
            memberships = self._memberships(in_scope)
        return dict(
            (name, self.view(name, user_status(user), memberships.get(name, []) if memberships is not None else None)) for name, user in users.items()
        )

    def _memberships(self, user_names):
        """``{user: [group, ...]}`` for ``user_names``, read per group (one paged listing each)
        or per user (one call each), whichever is fewer requests."""
        groups = [group["name"] for group in self.client.list_groups() if is_live_group(group)]
        self.live_groups = set(groups)
        memberships = dict((name, []) for name in user_names)
        if not user_names:
            return memberships
        if len(groups) <= len(user_names):
            wanted = set(user_names)
            for group, members, error in in_parallel(self._member_names, groups, self.workers):
                if error is not None:
                    raise error
                for member in members & wanted:
                    memberships[member].append(group)
        else:
            for name, groups_of_user, error in in_parallel(self.client.groups_of_user, user_names, self.workers):
                if error is not None:
                    raise error
                memberships[name] = [group["name"] for group in groups_of_user]
        return memberships

    def _member_names(self, group_name):
        try:
            return set(member["name"] for member in self.client.list_group_members(group_name))
        except ApiError as exc:
            # Deleted since the group listing: it has no members.
            if exc.status == 404:
                return set()
            raise

    def read_one(self, name):
        user = self.client.get_service_user(name)
        self.objects[name] = user
        if not user:
            return {}
        if user_status(user) == "deleted":
            self.deleted[name] = user
            return {}
        groups = None
        if self.manage_groups:
            groups = [group["name"] for group in self.client.groups_of_user(name)]
        return {name: self.view(name, user_status(user), groups)}

    def desired(self, item, before, replace):
        status = item.get("status") or (before.get("status") if before and not replace else "active")
        groups = before.get("groups") if self.manage_groups else None
        if item.get("groups") is not None:
            wanted = set(item["groups"])
            if item.get("append") and not replace:
                wanted |= set(before.get("groups") or ())
            groups = sorted(wanted)
        elif replace and self.manage_groups:
            groups = []
        elif groups is None and self.manage_groups:
            groups = []
        return self.view(item["name"], status, groups)

    @staticmethod
    def deleted_view(before):
        return {"name": before["name"], "status": "deleted"}

    def deleted_user(self, name, current):
        """The deleted user of that name, or None. A listing without a status filter may leave
        deleted users out (opa-api.md §3.1 leaves it open; the sandbox does), so the first name
        that is not a live user costs one listing of the deleted ones; a run that creates
        nothing never sends it, and a single-resource module has read the user by name."""
        if name not in current and self._deleted_listed is False:
            self._deleted_listed = True
            for user in self.client.list_service_users(statuses=["DELETED"]):
                if user_status(user) == "deleted":
                    self.deleted.setdefault(user["name"], user)
        return self.deleted.get(name)

    def refusal(self, item, current, state):
        name = item["name"]
        if state != "deleted" and self.deleted_user(name, current):
            return (
                "service user %s was deleted (at %s). OPA deletes service users softly and keeps the name reserved, "
                "so it cannot be reactivated or recreated; choose another name" % (name, self.deleted[name].get("deleted_at"))
            )
        # Only the groups the user would join must exist: one it leaves may be gone already.
        joining = set(item.get("groups") or ()) - set((current.get(name) or {}).get("groups") or ())
        missing = self.missing_groups(joining) if state != "deleted" else []
        if not missing:
            return None
        if self.check_mode:
            # A play usually creates its groups a few tasks earlier, which check mode did not do:
            # predict the membership, and say (once) what the real run will need.
            for group in missing:
                self._missing_in_check_mode.setdefault(group, []).append(name)
            return None
        return "group(s) %s do not exist in team %s; create them first (pamops.okta.opa_group or opa_groups) or remove them from groups" % (
            ", ".join(missing),
            self.client.team,
        )

    @property
    def warnings(self):
        missing = self._missing_in_check_mode
        if not missing:
            return []
        users = sorted(set(user for names in missing.values() for user in names))
        return [
            "group(s) %s do not exist in team %s yet (joined by %s); the real run fails unless an earlier task creates them"
            % (", ".join(sorted(missing)), self.client.team, ", ".join(users))
        ]

    def guard(self, changes):
        """Refuse to delete the service user this run authenticates as: it would lose its own
        key half-way and leave nobody holding one (one key listing per user to delete).
        Returns the changes to make and ``[(name, message)]`` of those refused."""
        key_id = self.client.key_id
        deleting = [entry["name"] for entry in changes if entry["action"] == "delete"]
        if not key_id or not deleting:
            return changes, []
        own = set()
        for name, keys, error in in_parallel(self.client.list_keys, deleting, self.workers):
            if error is not None:
                raise error
            if any(key.get("id") == key_id for key in keys):
                own.add(name)
        message = (
            "service user %s holds key_id %s, the key this run authenticates with: deleting it would lock the run out. "
            "Delete it from a run that authenticates with another service user's key"
        )
        return [entry for entry in changes if entry["name"] not in own], [(name, message % (name, key_id)) for name in sorted(own)]

    def missing_groups(self, names):
        if self.live_groups is not None:
            return sorted(set(names) - self.live_groups)
        return sorted(name for name in set(names) if not is_live_group(self.client.get_group(name)))

    @staticmethod
    def config_of(view):
        return dict(view)

    def apply(self, entry):
        """The writes of one change; returns the user object the API answered, or None when
        only memberships changed."""
        name, before, after = entry["name"], entry["before"], entry["after"]
        user = None
        if entry["action"] == "create":
            # A user that another run created between our read and our write is taken as created.
            user = self.client.create_service_user(name)
            status = user_status(user)
        else:
            status = before.get("status")
        if after.get("status") != status:
            user = self.client.set_service_user_status(name, after["status"].upper())
        if "groups" in after:
            current = set(before.get("groups") or ())
            for group in sorted(set(after["groups"]) - current):
                self.client.add_group_member(group, name)
            for group in sorted(current - set(after["groups"])):
                self.client.remove_group_member(group, name)
        return user

    def predicted_object(self, entry):
        """The API object the run leaves, predicted from the plan (check mode)."""
        name = entry["name"]
        predicted = dict(self.objects.get(name) or {"id": None, "name": name, "user_type": "service", "deleted_at": None})
        predicted["status"] = entry["after"]["status"].upper()
        return predicted
