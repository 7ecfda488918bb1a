# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Okta login body (provider, nonce) and the words for Vault's MFA failures (vault-okta-api.md §4)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import string

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.vault.auth import NONCE_LENGTH, OktaAuth, new_nonce, okta_mfa_hint


class RecordingClient:
    def __init__(self):
        self.calls = []

    def login(self, path, body, retry_unsafe=True):
        self.calls.append((path, body, retry_unsafe))
        return {"client_token": "t"}


def test_a_nonce_on_every_login_like_the_vault_cli():
    body = OktaAuth({"username": "alice", "password": "pw"}).login_body()
    assert body["password"] == "pw" and "totp" not in body and "provider" not in body
    assert len(body["nonce"]) == NONCE_LENGTH
    assert set(body["nonce"]) <= set(string.ascii_letters + string.digits)
    assert new_nonce() != new_nonce()


def test_provider_upper_case_and_the_given_nonce():
    body = OktaAuth({"username": "alice", "password": "pw", "totp": 123456, "provider": "google", "nonce": "n0nce"}).login_body()
    assert body == {"password": "pw", "totp": "123456", "provider": "GOOGLE", "nonce": "n0nce"}


def test_a_login_that_may_push_is_never_sent_twice():
    client = RecordingClient()
    OktaAuth({"username": "a/b", "password": "pw", "auth_mount_point": "okta-eu"}).authenticate(client)
    path, _body, retry_unsafe = client.calls[0]
    assert path == "auth/okta-eu/login/a/b" and retry_unsafe is False


@pytest.mark.parametrize(
    "message, totp_sent, expected",
    [
        ("multi-factor authentication denied", False, "refused on the phone"),
        ("failed to complete multi-factor authentication", False, "expired before anyone answered it"),
        ("failed to complete multi-factor authentication", True, "did not accept the TOTP code"),
        ("exiting pending mfa challenge", False, "max_request_duration"),
        ("'totp' passcode parameter is required to perform MFA", False, "set totp"),
        ("Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA", True, "no Okta Verify push or TOTP factor"),
    ],
)
def test_mfa_failures_in_words_a_person_can_act_on(message, totp_sent, expected):
    hint = okta_mfa_hint([message], "judy", totp_sent)
    assert expected in hint and "judy" in hint


def test_other_failures_get_no_mfa_hint():
    assert okta_mfa_hint(["okta authentication failed"], "judy", False) is None
    assert okta_mfa_hint([], "judy", False) is None


def test_the_provider_is_named_when_it_narrowed_the_factors():
    hint = okta_mfa_hint(["Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA"], "bob", True, "google")
    assert hint.endswith("with provider=GOOGLE")
