# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plan layer: current state + desired state -> a plan of changes -> applied changes.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

Every resource module, single or bulk, goes through here, so check mode, diff mode and the real
run come from one plan. A plan is plain data (a list of dicts), so that property tests can
compare it with what the services hold afterwards. It knows nothing of Ansible: a resource type
(``vault.resources``, ``opa.resources``) reads, normalises and applies; this module decides.

A resource type provides:

* ``noun``: what one object is called in messages (``group``, ``service user``);
* ``read_current(names)``: ``{stored name: view}`` of the existing objects (all of them when
  ``names`` is None), where a view is the object as the service normalises it;
* ``match(name, current)``: the stored name that ``name`` designates, or None;
* ``new_name(name)``: the name a new object is stored under;
* ``desired(item, before, replace)``: the view the object should have (``before`` is ``{}``
  for a new object; ``replace`` makes options left out take their defaults);
* ``deleted_view(before)``: the view after a delete (``{}``, or a soft-deleted object);
* ``refusal(item, current)``: why the item cannot be applied (a message), or None;
* ``apply(change)``: the writes of one change;
* ``config_of(view)``: a view as a ``config`` item (for ``gathered``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError

# The resource-module states (network resource modules' vocabulary).
BULK_STATES = ("merged", "replaced", "overridden", "deleted", "gathered")
ACTIONS = ("create", "update", "delete")
# Keep the names of unchanged objects out of results beyond this many: a no-op over 10,000
# objects should not return 10,000 names.
UNCHANGED_NAMES_SHOWN = 100


class ExactNames:
    """For resource types whose service matches names exactly and stores them as given."""

    @staticmethod
    def match(name, current):
        return name if name in current else None

    @staticmethod
    def new_name(name):
        return name


class PlanError(Exception):
    """Input that no plan can be made of; the message names the option and the fix."""


def change(name, before, after, action=None):
    """One object's change as plain data. ``action`` is derived unless a resource's delete is
    not a removal (OPA's soft delete leaves a view behind)."""
    if action is None:
        if before == after:
            action = "none"
        elif not before:
            action = "create"
        elif not after:
            action = "delete"
        else:
            action = "update"
    return {"name": name, "action": action, "before": before, "after": after}


def plan_changes(resource, current, items, state, delete_all=False):
    """The plan for ``items`` (config dicts) under a bulk ``state`` against ``current``.

    Returns ``(changes, refused)``: the changes in config order (then the deletes of objects not
    listed, by name), and ``[(name, message)]`` of the items that cannot be applied at all.
    """
    if state == "deleted" and not items and not delete_all:
        raise PlanError("state=deleted with an empty config deletes every %s: set delete_all=true to confirm, or list what to delete in config" % resource.noun)
    if state == "overridden" and not items and not delete_all:
        # An empty list is more often a variable that came out empty than a wish to delete everything.
        raise PlanError(
            "state=overridden with an empty config deletes every %s: set delete_all=true to confirm, or list what to keep in config" % resource.noun
        )
    changes = []
    refused = []
    listed = {}
    for item in items:
        stored = resource.match(item["name"], current)
        name = stored or resource.new_name(item["name"])
        if name in listed:
            raise PlanError(
                "config lists the %s %s twice (as %r and %r): %s; list each once" % (resource.noun, name, listed[name], item["name"], resource.same_name_rule)
            )
        listed[name] = item["name"]
        problem = resource.refusal(item, current, state)
        if problem:
            refused.append((name, problem))
            continue
        before = current.get(stored, {}) if stored else {}
        if state == "deleted":
            after = resource.deleted_view(before) if before else {}
            changes.append(change(name, before, after, "delete" if before else "none"))
        else:
            changes.append(change(name, before, resource.desired(item, before, replace=state in ("replaced", "overridden"))))
    if state == "overridden" or (state == "deleted" and not items):
        for name in sorted(set(current) - set(listed)):
            changes.append(change(name, current[name], resource.deleted_view(current[name]), "delete"))
    return changes, refused


def in_parallel(function, arguments, workers):
    """``function(argument)`` for each argument on at most ``workers`` threads; returns
    ``[(argument, result, error)]`` in order, where ``error`` is the ApiError it raised."""

    def guarded(argument):
        try:
            return argument, function(argument), None
        except ApiError as exc:
            return argument, None, exc

    arguments = list(arguments)
    if workers <= 1 or len(arguments) <= 1:
        return [guarded(argument) for argument in arguments]
    with ThreadPoolExecutor(max_workers=min(workers, len(arguments))) as pool:
        return list(pool.map(guarded, arguments))


def apply_changes(resource, changes, workers):
    """Apply every change that changes something, concurrently; ``[(name, ApiError)]`` of those that failed.
    One failure does not stop the others: each object is independent of the rest."""
    pending = [entry for entry in changes if entry["action"] != "none"]
    return [(entry["name"], error) for entry, _result, error in in_parallel(resource.apply, pending, workers) if error is not None]


def summarize(changes, failed=()):
    """Counts and names per action, for the module result. ``failed`` names the objects that
    could not be applied (refused, or refused by the service): they count as failed only, not
    as created, updated or deleted."""
    summary = {"created": [], "updated": [], "deleted": [], "unchanged": [], "failed": []}
    names_of = {"create": "created", "update": "updated", "delete": "deleted", "none": "unchanged"}
    failed = set(failed)
    for entry in changes:
        if entry["name"] not in failed:
            summary[names_of[entry["action"]]].append(entry["name"])
    summary["failed"] = sorted(failed)
    counts = dict((key, len(names)) for key, names in summary.items())
    unchanged = summary["unchanged"]
    if len(unchanged) > UNCHANGED_NAMES_SHOWN:
        summary["unchanged"] = unchanged[:UNCHANGED_NAMES_SHOWN]
    summary["counts"] = counts
    return summary


def diff_of(changes, failed=()):
    """``before``/``after`` keyed by name, of the objects that change only: Ansible prints them
    as sorted JSON, one line per field, so a run over 1,000 objects shows just what moves.
    The objects in ``failed`` are left out: the service refused their change."""
    failed = set(failed)
    moving = [entry for entry in changes if entry["action"] != "none" and entry["name"] not in failed]
    return {
        "before": dict((entry["name"], entry["before"]) for entry in moving if entry["before"]),
        "after": dict((entry["name"], entry["after"]) for entry in moving if entry["after"]),
    }
