# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``login/<username>`` and ``verify/<nonce>`` of the emulated Okta method (vault-okta-api.md §4), against
the seeded Okta org: passwords, statuses, MFA, groups, policies, and the real token each login mints."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

import pytest

from pamops_sandbox.vault.totp import STEP, totp

from sandbox_helpers import (
    BOB_TOTP_SECRET,
    OKTA_API_TOKEN,
    ORG_NAME,
    PERMISSION_DENIED,
    UNSUPPORTED_OPERATION,
    UNSUPPORTED_PATH,
    assert_vault_data,
    assert_vault_error,
)

AUTH_KEYS = {
    "client_token",
    "accessor",
    "policies",
    "token_policies",
    "metadata",
    "lease_duration",
    "renewable",
    "entity_id",
    "token_type",
    "orphan",
    "mfa_requirement",
    "num_uses",
}
PASSWORD_WARN = "Your Okta password is in warning state and needs to be changed soon."
REPLACED_USERNAME = "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [username]"
FAILED = "okta authentication failed"


@pytest.fixture(name="okta")
def okta_fixture(vault):
    """A mount at ``okta`` for the seeded org, with its valid API token (so Okta groups count)."""
    vault.okta(api_token=OKTA_API_TOKEN)
    return vault


def logged_in(response, warnings=None):
    """The ``auth`` block of a successful login."""
    assert assert_vault_data(response, warnings) == {}
    auth = response.json()["auth"]
    assert set(auth) == AUTH_KEYS, auth
    return auth


def wrong_totp(moment):
    """A six-digit code that is none of the codes valid around ``moment``."""
    valid = {totp(BOB_TOTP_SECRET, moment + drift * STEP) for drift in (-2, -1, 0, 1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in valid)


def test_password_login_mints_a_real_token(okta):
    okta.write("auth/okta/groups/engineering", {"policies": "Eng-Read"})
    okta.write("auth/okta/groups/vault-admins", {"policies": "admin"})
    okta.write("auth/okta/users/alice", {"policies": "Personal", "groups": "local-group"})
    okta.write("auth/okta/groups/local-group", {"policies": "local"})
    auth = logged_in(okta.login("alice"))
    # Okta groups (engineering, Vault-Admins: found ignoring case), then the local user's groups, then its own policies.
    assert auth["policies"] == ["admin", "default", "eng-read", "local", "personal"]
    assert auth["token_policies"] == auth["policies"]
    assert auth["metadata"] == {"username": "alice", "policies": "eng-read,admin,local,Personal"}
    assert auth["renewable"] is True and auth["orphan"] is True
    assert auth["token_type"] == "service"
    assert auth["lease_duration"] == 2764800
    assert auth["mfa_requirement"] is None and auth["num_uses"] == 0
    # OpenBao knows the token, with exactly those policies and the metadata.
    seen = assert_vault_data(okta.get("auth/token/lookup-self", token=auth["client_token"]))
    assert seen["policies"] == ["admin", "default", "eng-read", "local", "personal"]
    assert seen["meta"] == {"username": "alice", "policies": "eng-read,admin,local,Personal"}
    assert seen["accessor"] == auth["accessor"]
    assert seen["orphan"] is True


def test_login_answers_and_request_shapes(okta):
    # A login needs no token; one sent along is not needed.
    auth = logged_in(okta.login("ivan", token="root"))
    assert auth["policies"] == ["default"]
    # A username in the body is replaced by the one in the path, with Vault's warning after the method's own.
    response = okta.login("dave", username="alice")
    assert logged_in(response, [PASSWORD_WARN, REPLACED_USERNAME])["metadata"]["username"] == "dave"
    # The same name (as hvac sends it) warns too; unknown fields are named first.
    response = okta.login("dave", username="dave", zeta="z", alpha=None)
    assert logged_in(response, [PASSWORD_WARN, "Endpoint ignored these unrecognized parameters: [alpha zeta]", REPLACED_USERNAME])
    assert_vault_error(okta.post("auth/okta/login/ivan", token=None, data="{nope"), 400, "error parsing JSON")
    assert_vault_error(okta.login("ivan", provider="github"), 400, "provider GITHUB is not among the supported ones [GOOGLE OKTA]")
    logged_in(okta.login("ivan", provider="okta"))


@pytest.mark.parametrize(
    "username,password,message",
    [
        ("alice", "wrong", FAILED),
        ("nobody", "nobody-password", FAILED),
        ("alice", "", FAILED),
        ("carol", None, FAILED),
        ("grace", None, FAILED),
        ("heidi", None, "okta authentication failed: you must complete MFA enrollment to continue"),
        ("bob", None, "'totp' passcode parameter is required to perform MFA"),
        ("erin", None, "multi-factor authentication denied"),
        ("frank", None, "nonce must be provided during login request when presented with number challenge"),
    ],
)
def test_failed_logins(okta, username, password, message):
    assert_vault_error(okta.login(username, password), 400, message)


def test_password_warn_succeeds_with_a_warning(okta):
    auth = logged_in(okta.login("dave"), [PASSWORD_WARN])
    assert auth["metadata"]["username"] == "dave"


def test_mfa_bypass(okta):
    okta.configure(bypass_okta_mfa=True)
    # MFA is skipped, and so is what Okta shows only after it (judy's expired password)...
    for username in ("bob", "erin", "frank", "heidi", "judy"):
        assert logged_in(okta.login(username))["metadata"]["username"] == username
    # ...but a locked-out user stays out, and so does an expired password with no factor in front of it.
    assert_vault_error(okta.login("carol"), 400, FAILED)
    assert_vault_error(okta.login("grace"), 400, FAILED)


def test_totp(okta):
    if time.time() % STEP > STEP - 1:
        # Not at the end of a step: the code for "one step ago" must still be one step ago when it arrives.
        time.sleep(1.1)
    now = time.time()
    auth = logged_in(okta.login("bob", totp=totp(BOB_TOTP_SECRET, now)))
    assert auth["metadata"]["username"] == "bob"
    # One step of clock drift either way is accepted.
    logged_in(okta.login("bob", totp=totp(BOB_TOTP_SECRET, now - STEP)))
    # A wrong code: Okta's 403 reaches Vault's v5 client as a transaction with no status.
    assert_vault_error(okta.login("bob", totp=wrong_totp(now)), 400, FAILED)
    assert_vault_error(okta.login("bob", "wrong", totp=totp(BOB_TOTP_SECRET, now)), 400, FAILED)
    # A user with push only who sends a code is asked for push (erin denies it).
    assert_vault_error(okta.login("erin", totp="123456"), 400, "multi-factor authentication denied")


def test_push_with_number_challenge(okta):
    """frank's push waits a second: meanwhile verify/<nonce> shows the number to tap, then forgets it."""
    nonce = "abcdefghij0123456789"
    outcome = {}

    def log_in():
        outcome["response"] = okta.login("frank", nonce=nonce)

    thread = threading.Thread(target=log_in)
    started = time.monotonic()
    thread.start()
    answer = None
    while answer is None and time.monotonic() - started < 5:
        response = okta.get("auth/okta/verify/%s" % nonce, token=None)
        if response.status_code == 200:
            answer = assert_vault_data(response)
        else:
            assert_vault_error(response, 404)
            time.sleep(0.05)
    thread.join(10)
    assert answer is not None, "verify/<nonce> never answered while the push waited"
    assert set(answer) == {"correct_answer"}
    assert isinstance(answer["correct_answer"], int) and 10 <= answer["correct_answer"] <= 99
    assert time.monotonic() - started >= 1.0
    assert logged_in(outcome["response"])["metadata"]["username"] == "frank"
    # Once the login is over, the nonce is gone.
    assert_vault_error(okta.get("auth/okta/verify/%s" % nonce, token=None), 404)


def test_verify(okta):
    assert_vault_error(okta.get("auth/okta/verify/unknown-nonce", token=None), 404)
    assert_vault_error(okta.post("auth/okta/verify/unknown-nonce", {}, token=None), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.get("auth/okta/login/alice", token=None), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(okta.delete("auth/okta/login/alice", token=None), 405, UNSUPPORTED_OPERATION)
    # Without a name these are no login paths: unauthenticated callers are refused first, then the path is unknown.
    assert_vault_error(okta.post("auth/okta/login", {"password": "x"}, token=None), 403, PERMISSION_DENIED)
    assert_vault_error(okta.post("auth/okta/login", {"password": "x"}), 404, UNSUPPORTED_PATH)


def test_okta_groups_need_a_valid_api_token(vault):
    vault.okta()
    vault.write("auth/okta/groups/engineering", {"policies": "eng"})
    vault.write("auth/okta/users/alice", {"groups": "local-group", "policies": "own"})
    vault.write("auth/okta/groups/local-group", {"policies": "local"})
    # No API token: only the local user's groups count, and no warning about Okta groups.
    assert logged_in(vault.login("alice"))["policies"] == ["default", "local", "own"]
    vault.configure(api_token="not-the-right-one")
    response = vault.login("alice")
    assert response.status_code == 400
    assert response.json()["errors"][0].startswith("okta failure retrieving groups: ")
    assert len(response.json()["errors"]) == 1
    vault.configure(api_token=OKTA_API_TOKEN)
    assert logged_in(vault.login("alice"))["policies"] == ["default", "eng", "local", "own"]
    # "api_token": "" clears it; the deprecated "token" counts only when api_token is not sent.
    vault.configure(api_token="", token=OKTA_API_TOKEN)
    assert logged_in(vault.login("alice"))["policies"] == ["default", "local", "own"]
    vault.configure(token=OKTA_API_TOKEN)
    assert logged_in(vault.login("alice"))["policies"] == ["default", "eng", "local", "own"]


def test_policy_merge_with_config_token_policies(okta):
    okta.configure(token_policies="Base, shared")
    okta.write("auth/okta/groups/engineering", {"policies": "shared,eng"})
    okta.write("auth/okta/users/dave", {"policies": ["Dave", "eng"]})
    auth = logged_in(okta.login("dave"), [PASSWORD_WARN])
    # Lowercased, deduplicated and sorted at login, with default.
    assert auth["policies"] == ["base", "dave", "default", "eng", "shared"]
    # The metadata leaves out the config's token_policies.
    assert auth["metadata"] == {"username": "dave", "policies": "eng,shared,Dave,eng"}
    assert okta.lookup(auth["client_token"])["policies"] == ["base", "dave", "default", "eng", "shared"]


def test_token_no_default_policy(okta):
    okta.configure(token_no_default_policy=True)
    okta.write("auth/okta/users/ivan", {"policies": "only-this"})
    auth = logged_in(okta.login("ivan"))
    assert auth["policies"] == ["only-this"]
    assert okta.lookup(auth["client_token"])["policies"] == ["only-this"]
    # With no policy at all the token has none: it may not even look itself up.
    okta.write("auth/okta/users/ivan", {})
    auth = logged_in(okta.login("ivan"))
    assert auth["policies"] == []
    assert okta.lookup(auth["client_token"])["policies"] == []
    assert_vault_error(okta.get("auth/token/lookup-self", token=auth["client_token"]), 403, PERMISSION_DENIED)


def test_root_policy_is_refused(okta):
    okta.write("auth/okta/groups/engineering", {"policies": "root"})
    assert_vault_error(okta.login("alice"), 400, "auth methods cannot create root tokens")


def test_token_bound_cidrs(okta):
    okta.configure(token_bound_cidrs="10.0.0.0/8,192.168.1.1")
    assert_vault_error(okta.login("alice"), 403, "permission denied")
    okta.configure(token_bound_cidrs="10.0.0.0/8,127.0.0.1")
    logged_in(okta.login("alice"))
    okta.configure(token_bound_cidrs="127.0.0.0/8")
    logged_in(okta.login("alice"))


def test_wrong_org_or_base_url(vault):
    vault.okta(org_name="other-org")
    host = "other-org.okta.com"
    message = 'Okta auth failed: Post "https://%s/api/v1/authn": dial tcp: lookup %s: no such host' % (host, host)
    assert_vault_error(vault.login("alice"), 400, message)
    vault.configure(org_name=ORG_NAME, base_url="oktapreview.com")
    response = vault.login("alice")
    assert response.status_code == 400 and response.json()["errors"][0].startswith("Okta auth failed: ")
    vault.configure(base_url="", production=False)
    response = vault.login("alice")
    assert response.status_code == 400 and "sandbox-org.oktapreview.com" in response.json()["errors"][0]
    vault.configure(base_url="okta.com")
    logged_in(vault.login("alice"))


def test_unconfigured_mount(vault):
    vault.enable_okta()
    assert_vault_error(vault.login("alice"), 400, "Okta auth method not configured")


def test_token_ttls_and_types(okta):
    okta.configure(token_ttl="1h", token_max_ttl="2h", token_explicit_max_ttl="90m", token_num_uses=3)
    auth = logged_in(okta.login("alice"))
    assert auth["lease_duration"] == 3600
    assert auth["num_uses"] == 3
    seen = okta.lookup(auth["client_token"])
    assert seen["creation_ttl"] == 3600
    assert seen["explicit_max_ttl"] == 5400
    assert seen["num_uses"] == 3
    okta.configure(token_ttl=0, token_max_ttl=0, token_explicit_max_ttl=0, token_num_uses=0, token_period="30m")
    auth = logged_in(okta.login("alice"))
    assert auth["lease_duration"] == 1800
    assert okta.lookup(auth["client_token"])["period"] == 1800
    # Batch tokens: the max TTL caps their TTL (OpenBao takes no explicit max TTL for them).
    okta.configure(token_period=0, token_type="batch", token_max_ttl="1h")
    auth = logged_in(okta.login("alice"))
    assert auth["token_type"] == "batch"
    assert auth["lease_duration"] == 3600
    seen = okta.lookup(auth["client_token"])
    assert seen["type"] == "batch"
    assert seen["policies"] == auth["policies"]
    okta.configure(token_ttl="30m")
    assert logged_in(okta.login("alice"))["lease_duration"] == 1800


def test_mount_tune_sets_the_default_ttl(okta):
    okta.write("sys/auth/okta/tune", {"default_lease_ttl": "20m", "max_lease_ttl": "1h"})
    auth = logged_in(okta.login("alice"))
    assert auth["lease_duration"] == 1200
    assert okta.lookup(auth["client_token"])["explicit_max_ttl"] == 3600
    # The method's own token_ttl wins over the mount's default.
    okta.configure(token_ttl="5m")
    assert logged_in(okta.login("alice"))["lease_duration"] == 300


def test_login_in_a_namespace_mints_the_token_there(vault):
    namespace = vault.namespace()
    vault.okta(namespace=namespace)
    vault.write("auth/okta/users/ivan", {"policies": "in-namespace"}, namespace=namespace)
    response = vault.login("ivan", namespace=namespace)
    auth = logged_in(response)
    assert auth["policies"] == ["default", "in-namespace"]
    seen = assert_vault_data(vault.get("auth/token/lookup-self", token=auth["client_token"], namespace=namespace))
    assert seen["policies"] == ["default", "in-namespace"]
    assert seen["namespace_path"] == "%s/" % namespace
