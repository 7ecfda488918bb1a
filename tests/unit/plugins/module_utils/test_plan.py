# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The plan layer: what each bulk state plans, how results are summarised, and how changes are applied."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.plan import (
    UNCHANGED_NAMES_SHOWN,
    ExactNames,
    PlanError,
    apply_changes,
    change,
    diff_of,
    in_parallel,
    plan_changes,
    summarize,
)
from ansible_collections.pamops.okta.plugins.module_utils.vault.resources import OktaGroups, OktaUsers

MOUNT = "auth/okta"


class FakeVault:
    """Vault's Okta entries as a dict of path -> data; records every write."""

    def __init__(self, entries=None, failing=()):
        self.entries = dict(entries or {})
        self.failing = set(failing)
        self.writes = []
        self.reads = []

    def list(self, path):
        prefix = path + "/"
        return sorted(key[len(prefix):] for key in self.entries if key.startswith(prefix))

    def read(self, path):
        self.reads.append(path)
        return self.entries.get(path)

    def write(self, path, body):
        if path in self.failing:
            raise ApiError("HTTP 503 Service Unavailable", status=503, method="PUT", path="/v1/" + path)
        self.writes.append(("write", path, body))
        self.entries[path] = body

    def delete(self, path):
        self.writes.append(("delete", path))
        self.entries.pop(path, None)


def users(**entries):
    return OktaUsers(FakeVault(dict(("%s/users/%s" % (MOUNT, name), data) for name, data in entries.items())), MOUNT)


def groups(**entries):
    return OktaGroups(FakeVault(dict(("%s/groups/%s" % (MOUNT, name), data) for name, data in entries.items())), MOUNT)


def plan(resource, items, state, names=None, delete_all=False):
    current = resource.read_current(names)
    return plan_changes(resource, current, items, state, delete_all)


def by_name(changes):
    return dict((entry["name"], entry) for entry in changes)


ALICE = {"groups": ["admins"], "policies": ["ops"]}


# -- states ---------------------------------------------------------------------------------


def test_merged_keeps_the_fields_an_item_leaves_out():
    changes, refused = plan(users(alice=ALICE), [{"name": "alice", "policies": ["audit"]}], "merged")
    assert refused == []
    assert changes == [
        change("alice", {"name": "alice", "groups": ["admins"], "policies": ["ops"]}, {"name": "alice", "groups": ["admins"], "policies": ["audit"]})
    ]
    assert changes[0]["action"] == "update"


@pytest.mark.parametrize("state", ["replaced", "overridden"])
def test_replaced_and_overridden_reset_the_fields_an_item_leaves_out(state):
    changes, _refused = plan(users(alice=ALICE), [{"name": "alice", "policies": ["audit"]}], state)
    assert changes[0]["after"] == {"name": "alice", "groups": [], "policies": ["audit"]}


def test_merged_with_nothing_to_change_plans_no_change():
    changes, _refused = plan(users(alice=ALICE), [{"name": "alice", "groups": ["admins", " admins"], "policies": ["ops"]}], "merged")
    assert [entry["action"] for entry in changes] == ["none"]


def test_merged_creates_what_does_not_exist_and_leaves_unlisted_objects_alone():
    changes, _refused = plan(users(alice=ALICE, bob={}), [{"name": "carol", "groups": ["dev"]}], "merged")
    assert changes == [change("carol", {}, {"name": "carol", "groups": ["dev"], "policies": []})]
    assert changes[0]["action"] == "create"


def test_overridden_deletes_exactly_the_objects_config_does_not_list():
    resource = users(alice=ALICE, bob={"policies": ["b"]}, dave={})
    changes, _refused = plan(resource, [{"name": "alice", "groups": ["admins"], "policies": ["ops"]}, {"name": "carol"}], "overridden")
    actions = dict((entry["name"], entry["action"]) for entry in changes)
    assert actions == {"alice": "none", "carol": "create", "bob": "delete", "dave": "delete"}
    assert by_name(changes)["bob"]["before"] == {"name": "bob", "groups": [], "policies": ["b"]}
    assert by_name(changes)["bob"]["after"] == {}


def test_overridden_with_an_empty_config_needs_delete_all():
    with pytest.raises(PlanError, match="delete_all=true"):
        plan(users(alice=ALICE), [], "overridden")
    changes, _refused = plan(users(alice=ALICE), [], "overridden", delete_all=True)
    assert [(entry["name"], entry["action"]) for entry in changes] == [("alice", "delete")]


def test_deleted_deletes_the_listed_objects_that_exist_only():
    changes, _refused = plan(users(alice=ALICE, bob={}), [{"name": "alice"}, {"name": "carol"}], "deleted", names=["alice", "carol"])
    assert [(entry["name"], entry["action"]) for entry in changes] == [("alice", "delete"), ("carol", "none")]


def test_deleted_with_an_empty_config_deletes_everything_with_delete_all():
    changes, _refused = plan(users(alice=ALICE, bob={}), [], "deleted", delete_all=True)
    assert [(entry["name"], entry["action"]) for entry in changes] == [("alice", "delete"), ("bob", "delete")]


def test_deleted_with_an_empty_config_and_no_delete_all_is_refused_before_anything():
    resource = users(alice=ALICE)
    with pytest.raises(PlanError) as error:
        plan(resource, [], "deleted")
    assert "delete_all=true" in str(error.value) and "every user" in str(error.value)
    assert resource.client.writes == []


# -- names ----------------------------------------------------------------------------------


def test_a_name_listed_twice_is_refused():
    with pytest.raises(PlanError, match="user alice twice"):
        plan(users(), [{"name": "alice"}, {"name": "alice", "policies": ["x"]}], "merged")


def test_user_names_differing_in_case_are_two_users():
    # Vault matches user names exactly (vault-okta-api.md §2).
    changes, _refused = plan(users(), [{"name": "Alice"}, {"name": "alice"}], "merged")
    assert [entry["name"] for entry in changes] == ["Alice", "alice"]


def test_new_group_names_that_differ_only_in_case_are_one_group():
    # Vault stores a new group in lower case and matches without regard to case (§3.2, §3.3):
    # "Ops" and "ops" would both write auth/okta/groups/ops.
    with pytest.raises(PlanError) as error:
        plan(groups(), [{"name": "Ops", "policies": ["a"]}, {"name": "ops", "policies": ["b"]}], "merged")
    assert "without regard to case" in str(error.value)
    assert "'Ops'" in str(error.value) and "'ops'" in str(error.value)


def test_existing_group_names_that_differ_only_in_case_are_one_group():
    with pytest.raises(PlanError):
        plan(groups(Ops={"policies": ["a"]}), [{"name": "OPS"}, {"name": "ops"}], "merged")


def test_a_group_listed_in_another_case_updates_the_stored_group():
    changes, _refused = plan(groups(Ops={"policies": ["a"]}), [{"name": "OPS", "policies": ["B", "a"]}], "merged")
    assert changes == [change("Ops", {"name": "Ops", "policies": ["a"]}, {"name": "Ops", "policies": ["a", "b"]})]


def test_a_new_group_is_planned_under_its_lower_case_name():
    changes, _refused = plan(groups(), [{"name": "Developers", "policies": ["Dev"]}], "merged")
    assert changes == [change("developers", {}, {"name": "developers", "policies": ["dev"]})]


def test_overridden_does_not_delete_a_group_listed_in_another_case():
    changes, _refused = plan(groups(Ops={"policies": ["a"]}, old={}), [{"name": "ops", "policies": ["a"]}], "overridden")
    assert [(entry["name"], entry["action"]) for entry in changes] == [("Ops", "none"), ("old", "delete")]


# -- refusals -------------------------------------------------------------------------------


class Things(ExactNames):
    """A minimal resource type: names starting with "bad" cannot be applied."""

    noun = "thing"
    same_name_rule = "things match exactly"

    def __init__(self):
        self.applied = []
        self.lock = threading.Lock()

    @staticmethod
    def desired(item, before, replace):
        return {"name": item["name"], "size": item.get("size", before.get("size", 0) if not replace else 0)}

    @staticmethod
    def deleted_view(before):
        return {}

    @staticmethod
    def refusal(item, current, state):
        return "%s is bad" % item["name"] if item["name"].startswith("bad") else None

    def apply(self, entry):
        if entry["name"].startswith("fail"):
            raise ApiError("HTTP 409 Conflict", status=409)
        with self.lock:
            self.applied.append(entry["name"])


def test_a_refused_item_is_left_out_of_the_plan_and_named_with_its_reason():
    current = {"a": {"name": "a", "size": 1}}
    changes, refused = plan_changes(Things(), current, [{"name": "bad1"}, {"name": "a", "size": 2}], "merged")
    assert refused == [("bad1", "bad1 is bad")]
    assert [entry["name"] for entry in changes] == ["a"]


def test_overridden_does_not_delete_an_object_whose_item_was_refused():
    current = {"bad1": {"name": "bad1", "size": 1}, "other": {"name": "other", "size": 1}}
    changes, refused = plan_changes(Things(), current, [{"name": "bad1"}], "overridden")
    assert [name for name, _message in refused] == ["bad1"]
    assert [(entry["name"], entry["action"]) for entry in changes] == [("other", "delete")]


# -- summary and diff -----------------------------------------------------------------------


def test_summary_counts_and_names_each_action():
    changes = [
        change("new", {}, {"name": "new"}),
        change("moved", {"name": "moved", "v": 1}, {"name": "moved", "v": 2}),
        change("gone", {"name": "gone"}, {}),
        change("same", {"name": "same"}, {"name": "same"}),
    ]
    summary = summarize(changes)
    assert summary["created"] == ["new"] and summary["updated"] == ["moved"] and summary["deleted"] == ["gone"]
    assert summary["unchanged"] == ["same"] and summary["failed"] == []
    assert summary["counts"] == {"created": 1, "updated": 1, "deleted": 1, "unchanged": 1, "failed": 0}


def test_summary_caps_the_unchanged_names_but_counts_them_all():
    changes = [change("u%04d" % index, {"name": "x"}, {"name": "x"}) for index in range(UNCHANGED_NAMES_SHOWN + 50)]
    summary = summarize(changes)
    assert summary["counts"]["unchanged"] == UNCHANGED_NAMES_SHOWN + 50
    assert summary["unchanged"] == ["u%04d" % index for index in range(UNCHANGED_NAMES_SHOWN)]


def test_summary_counts_failed_items_as_failed_not_as_done():
    changes = [change("new", {}, {"name": "new"}), change("broken", {}, {"name": "broken"})]
    summary = summarize(changes, failed=["broken", "refused-before-planning"])
    assert summary["created"] == ["new"]
    assert summary["failed"] == ["broken", "refused-before-planning"]
    assert summary["counts"]["created"] == 1 and summary["counts"]["failed"] == 2


def test_diff_shows_only_the_objects_that_change_keyed_by_name():
    changes = [
        change("new", {}, {"name": "new", "policies": ["a"]}),
        change("moved", {"name": "moved", "policies": ["a"]}, {"name": "moved", "policies": ["b"]}),
        change("gone", {"name": "gone", "policies": []}, {}),
        change("same", {"name": "same"}, {"name": "same"}),
    ]
    assert diff_of(changes) == {
        "before": {"moved": {"name": "moved", "policies": ["a"]}, "gone": {"name": "gone", "policies": []}},
        "after": {"new": {"name": "new", "policies": ["a"]}, "moved": {"name": "moved", "policies": ["b"]}},
    }


def test_diff_leaves_out_the_objects_whose_change_failed():
    changes = [
        change("new", {}, {"name": "new", "policies": ["a"]}),
        change("broken", {"name": "broken", "policies": ["a"]}, {"name": "broken", "policies": ["b"]}),
    ]
    assert diff_of(changes, failed=["broken"]) == {"before": {}, "after": {"new": {"name": "new", "policies": ["a"]}}}


def test_a_soft_delete_shows_its_remaining_view_in_the_diff():
    entry = change("svc", {"name": "svc", "status": "active"}, {"name": "svc", "status": "deleted"}, "delete")
    assert diff_of([entry])["after"] == {"svc": {"name": "svc", "status": "deleted"}}
    assert summarize([entry])["deleted"] == ["svc"]


# -- running in parallel --------------------------------------------------------------------


def test_in_parallel_keeps_the_order_of_its_arguments():
    def slow_square(number):
        # Later arguments finish first.
        time.sleep((10 - number) * 0.002)
        return number * number

    results = in_parallel(slow_square, range(10), workers=4)
    assert [(argument, result) for argument, result, _error in results] == [(n, n * n) for n in range(10)]


def test_in_parallel_captures_an_api_error_per_item_and_runs_the_others():
    def answer(number):
        if number == 2:
            raise ApiError("HTTP 500", status=500)
        return number

    results = in_parallel(answer, [1, 2, 3], workers=3)
    assert [result for _argument, result, _error in results] == [1, None, 3]
    assert [error.status if error else None for _argument, _result, error in results] == [None, 500, None]


def test_in_parallel_lets_other_exceptions_through():
    def broken(number):
        raise KeyError(number)

    with pytest.raises(KeyError):
        in_parallel(broken, [1, 2], workers=2)


@pytest.mark.parametrize("workers", [1, 3])
def test_in_parallel_never_runs_more_than_workers_at_once(workers):
    lock = threading.Lock()
    running = [0]
    peak = [0]
    # Each item waits for as many others as there are workers: fewer threads would time out.
    all_workers_busy = threading.Barrier(workers, timeout=10)

    def busy(_number):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        all_workers_busy.wait()
        time.sleep(0.01)
        with lock:
            running[0] -= 1

    in_parallel(busy, range(12), workers=workers)
    assert peak[0] == workers


def test_apply_changes_applies_every_change_it_can_and_names_the_failures():
    resource = Things()
    changes = [
        change("a", {}, {"name": "a"}),
        change("fail-b", {}, {"name": "fail-b"}),
        change("same", {"name": "same"}, {"name": "same"}),
        change("c", {"name": "c"}, {}),
    ]
    failures = apply_changes(resource, changes, workers=4)
    assert [(name, error.status) for name, error in failures] == [("fail-b", 409)]
    assert sorted(resource.applied) == ["a", "c"]


def test_apply_changes_sends_the_planned_writes_to_vault():
    resource = groups(Ops={"policies": ["a"]}, old={"policies": []})
    changes, _refused = plan(resource, [{"name": "OPS", "policies": ["b"]}, {"name": "New"}], "overridden")
    assert apply_changes(resource, changes, workers=2) == []
    assert sorted(resource.client.writes) == [
        ("delete", "auth/okta/groups/old"),
        ("write", "auth/okta/groups/Ops", {"policies": ["b"]}),
        ("write", "auth/okta/groups/new", {"policies": []}),
    ]


def test_apply_changes_reports_a_failed_write_and_keeps_the_others():
    resource = users()
    resource.client.failing.add("auth/okta/users/bob")
    changes, _refused = plan(resource, [{"name": "alice"}, {"name": "bob"}, {"name": "carol"}], "merged")
    failures = apply_changes(resource, changes, workers=3)
    assert [name for name, _error in failures] == ["bob"]
    assert sorted(path for _kind, path, _body in resource.client.writes) == ["auth/okta/users/alice", "auth/okta/users/carol"]
