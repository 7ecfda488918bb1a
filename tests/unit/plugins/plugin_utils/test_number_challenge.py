# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Showing Okta's number challenge while a login waits: polled like the Vault CLI, shown once."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.plugin_utils.number_challenge import (
    NumberChallengeWatcher,
    challenge_message,
    verify_reader,
)


def watch(answers, interval=0.01):
    """Run a watcher over a scripted sequence of verify answers; returns what it showed."""
    shown, errors = [], []
    answers = list(answers)

    def read_number():
        answer = answers.pop(0) if answers else None
        if isinstance(answer, ValueError):
            raise ValueError(str(answer))
        return answer

    watcher = NumberChallengeWatcher(read_number, shown.append, interval=interval, on_error=errors.append)
    watcher.start()
    watcher.join(2)
    if watcher.is_alive():
        watcher.stop()
    return shown, errors, watcher


def test_shown_once_when_verify_answers():
    shown, errors, watcher = watch([None, None, 42, 43])
    assert shown == [42] and errors == [] and watcher.number == 42


def test_a_failing_read_stops_watching_without_failing():
    shown, errors, _watcher = watch([None, ValueError("refused")])
    assert shown == [] and [str(e) for e in errors] == ["refused"]


def test_stop_ends_a_watcher_that_never_saw_a_number():
    watcher = NumberChallengeWatcher(lambda: None, lambda n: None, interval=0.01)
    watcher.start()
    watcher.stop()
    assert not watcher.is_alive() and watcher.number is None


def test_the_message_names_user_number_and_wait():
    assert challenge_message("judy", 42, 60.0) == "In Okta Verify on judy's phone, tap the number 42 (the login waits up to 60 s)"


def test_the_reader_needs_a_vault_address():
    with pytest.raises(ValueError):
        verify_reader({"nonce": "n"}, environ={})


def test_the_reader_takes_vault_addr_and_fails_plainly_when_vault_is_unreachable():
    reader = verify_reader({"nonce": "abc", "mount_point": "/okta-eu/"}, environ={"VAULT_ADDR": "http://127.0.0.1:1", "VAULT_SKIP_VERIFY": "true"})
    with pytest.raises(ApiError) as caught:
        reader()
    assert "/v1/auth/okta-eu/verify/abc" in str(caught.value)
