# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes settled by reading back: lost answers, 5xx and conflicts from a concurrent run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.reconcile import outcome_unknown, send_then_settle

LOST = ApiError("could not reach the service", method="POST", path="/v1/things")
BAD_GATEWAY = ApiError("HTTP 502", status=502, method="POST", path="/v1/things")
CONFLICT = ApiError("HTTP 409", status=409, method="POST", path="/v1/things")
REFUSED = ApiError("HTTP 400", status=400, method="POST", path="/v1/things")


class Script:
    """Answers or errors in order, counting the sends and read-backs."""

    def __init__(self, sends, reads=()):
        self.sends = list(sends)
        self.reads = list(reads)
        self.sent = 0
        self.read = 0

    def send(self):
        self.sent += 1
        outcome = self.sends.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def read_back(self):
        self.read += 1
        return self.reads.pop(0)


@pytest.mark.parametrize("error, unknown", [(LOST, True), (BAD_GATEWAY, True), (CONFLICT, False), (REFUSED, False)])
def test_only_a_missing_answer_or_a_server_error_leaves_the_outcome_open(error, unknown):
    assert outcome_unknown(error) is unknown


def test_a_write_that_answers_is_not_read_back():
    script = Script(["created"])
    assert send_then_settle(script.send, script.read_back, attempts=3) == ("created", False)
    assert script.read == 0


def test_a_lost_answer_whose_change_arrived_is_not_sent_again():
    script = Script([LOST], reads=[{"name": "a"}])
    assert send_then_settle(script.send, script.read_back, attempts=3) == ({"name": "a"}, True)
    assert (script.sent, script.read) == (1, 1)


def test_a_lost_answer_whose_change_did_not_arrive_is_sent_again():
    script = Script([BAD_GATEWAY, "created"], reads=[None])
    assert send_then_settle(script.send, script.read_back, attempts=3) == ("created", False)
    assert (script.sent, script.read) == (2, 1)


def test_attempts_bound_the_sends_and_the_last_error_is_raised():
    script = Script([LOST, LOST, BAD_GATEWAY], reads=[None, None, None])
    with pytest.raises(ApiError) as caught:
        send_then_settle(script.send, script.read_back, attempts=3)
    assert caught.value is BAD_GATEWAY
    assert script.sent == 3


def test_a_conflict_with_the_wanted_object_in_place_is_accepted():
    script = Script([CONFLICT], reads=[{"name": "a"}])
    assert send_then_settle(script.send, script.read_back, attempts=3, is_conflict=lambda e: e.status == 409) == ({"name": "a"}, True)


def test_a_conflict_without_the_wanted_object_fails_at_once():
    script = Script([CONFLICT, "never sent"], reads=[None])
    with pytest.raises(ApiError) as caught:
        send_then_settle(script.send, script.read_back, attempts=3, is_conflict=lambda e: e.status == 409)
    assert caught.value is CONFLICT
    assert script.sent == 1


def test_other_refusals_are_not_read_back():
    script = Script([REFUSED])
    with pytest.raises(ApiError):
        send_then_settle(script.send, script.read_back, attempts=3, is_conflict=lambda e: e.status == 409)
    assert script.read == 0
