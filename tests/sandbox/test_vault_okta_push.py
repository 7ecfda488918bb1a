# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Okta Verify pushes a person answers, and the ``provider`` a login prefers (vault-okta-api.md §4).

Vault's ``backend.go`` (okta-sdk v4) keeps polling Okta while the push is WAITING, stores Okta's
number challenge under the login's nonce for ``verify/<nonce>``, and ends with
"multi-factor authentication denied" on REJECTED or "failed to complete multi-factor
authentication" on TIMEOUT. With a ``provider``, factors of other providers are skipped. The seeded
user kate waits for ``POST /_sandbox/push``, which plays her phone."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from pamops_sandbox.vault.okta_backend import OktaBackend
from pamops_sandbox.vault.totp import totp

from sandbox_helpers import OKTA_API_TOKEN, assert_vault_data, assert_vault_error

KATE_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
BOB_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def start_login(vault, username, **body):
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(response=vault.login(username, **body)))
    thread.start()
    return thread, outcome


def waiting_push(vault, username, seconds=5):
    """The push the phone shows for ``username``, once the login has sent it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        response = vault.hook("GET", "push")
        assert response.status_code == 200, response.text
        for pending in response.json()["pending"]:
            if pending["username"] == username:
                return pending
        time.sleep(0.05)
    raise AssertionError("no push for %s appeared" % username)


def answer(vault, **body):
    return vault.hook("POST", "push", json=body)


def test_approved_with_the_number_verify_shows(vault):
    vault.okta(api_token=OKTA_API_TOKEN)
    nonce = "katekatekatekate0001"
    thread, outcome = start_login(vault, "kate", nonce=nonce)
    pending = waiting_push(vault, "kate")
    # What the phone shows is what Vault serves at verify/<nonce> while the login waits.
    shown = assert_vault_data(vault.get("auth/okta/verify/%s" % nonce, token=None))
    assert shown == {"correct_answer": pending["number"]}
    assert answer(vault, username="kate", answer="approve", number=pending["number"]).status_code == 204
    thread.join(10)
    auth = outcome["response"].json()["auth"]
    assert auth["metadata"]["username"] == "kate"
    assert_vault_error(vault.get("auth/okta/verify/%s" % nonce, token=None), 404)
    assert vault.hook("GET", "push").json() == {"pending": []}


def test_refused_or_the_wrong_number_tapped(vault):
    vault.okta(api_token=OKTA_API_TOKEN)
    for reply in ({"answer": "deny"}, {"answer": "approve", "number": 100}):
        thread, outcome = start_login(vault, "kate", nonce="katekatekatekate0002")
        waiting_push(vault, "kate")
        assert answer(vault, username="kate", **reply).status_code == 204
        thread.join(10)
        assert_vault_error(outcome["response"], 400, "multi-factor authentication denied")


def test_answering_when_nothing_waits(vault):
    response = answer(vault, username="kate", answer="approve", number=12)
    assert response.status_code == 404
    assert answer(vault, username="kate", answer="maybe").status_code == 400


def test_provider_picks_the_factor(vault):
    vault.okta(api_token=OKTA_API_TOKEN)
    now = time.time()
    # kate's TOTP factor is Google's: with provider GOOGLE it is chosen, and needs its code.
    response = vault.login("kate", provider="google", totp=totp(KATE_TOTP_SECRET, now))
    assert response.status_code == 200, response.text
    assert_vault_error(vault.login("kate", provider="GOOGLE"), 400, "'totp' passcode parameter is required to perform MFA")
    # bob's TOTP factor is Okta's: with provider GOOGLE he has no factor Vault may use.
    assert_vault_error(
        vault.login("bob", provider="GOOGLE", totp=totp(BOB_TOTP_SECRET, now)),
        400,
        "Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA",
    )
    assert vault.login("bob", provider="OKTA", totp=totp(BOB_TOTP_SECRET, now)).status_code == 200
    assert_vault_error(vault.login("bob", provider="duo"), 400, "provider DUO is not among the supported ones [GOOGLE OKTA]")


def test_an_unanswered_push_times_out():
    """Okta ends a push nobody answers with TIMEOUT; the number is gone from verify afterwards."""
    org = {"users": {"kim": {"password": "p", "mfa": ["push"], "push": "wait", "push_timeout": 0.2, "push_number_challenge": True}}}
    backend = OktaBackend(org, token_minter=None)
    started = time.monotonic()
    reply = backend._push(org["users"]["kim"], "nonce-of-kim")
    assert time.monotonic() - started >= 0.2
    assert (reply.status, reply.body) == (400, {"errors": ["failed to complete multi-factor authentication"]})
    assert backend.verify("nonce-of-kim").status == 404
    assert backend.pushes_waiting() == []
