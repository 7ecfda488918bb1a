# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Where the emulated Okta method must be no rosier than Vault (issue 12, items 8-15): each test is written
from Vault's own code (hashicorp/vault builtin/credential/okta, sdk/logical, sdk/helper; go-sockaddr;
go-secure-stdlib parseutil) as vault-okta-api.md §3.4 and §4.2 describe it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

import pytest

from pamops_sandbox.vault.totp import STEP, totp

from sandbox_helpers import (
    BOB_TOTP_SECRET,
    JUDY_TOTP_SECRET,
    OKTA_API_TOKEN,
    ORG_NAME,
    assert_no_content,
    assert_vault_data,
    assert_vault_error,
)

FAILED = "okta authentication failed"
PASSWORD_WARN = "Your Okta password is in warning state and needs to be changed soon."
POLICIES_CHANGED = "policies have changed, not renewing"


@pytest.fixture(name="okta")
def okta_fixture(vault):
    """A mount at ``okta`` for the seeded org, with its valid API token (so Okta groups count)."""
    vault.okta(api_token=OKTA_API_TOKEN)
    return vault


def auth_of(response, warnings=None):
    assert assert_vault_data(response, warnings) == {}
    return response.json()["auth"]


def fresh_code(secret):
    """A TOTP code that stays valid until it reaches the sandbox."""
    if time.time() % STEP > STEP - 1:
        time.sleep(1.1)
    return totp(secret, time.time())


def keys(response):
    return assert_vault_data(response)["keys"]


# -- 8. Okta's Everyone group --------------------------------------------------------------------


def test_everyone_group_grants_its_policies_to_every_okta_user(okta):
    """backend_test.go calls Everyone "a magic group name in okta that always exists and which every
    user automatically belongs to". backend.go ``Login`` asks Okta for a user's groups
    (``getOktaGroups``) only when ``shim.Client()`` exists, i.e. with an API token, and resolves each
    name with the case-insensitive ``Group()`` (path_groups.go), so a Vault group ``everyone`` matches."""
    okta.write("auth/okta/groups/everyone", {"policies": "all-staff"})
    for username in ("alice", "bob", "ivan"):
        body = {"totp": fresh_code(BOB_TOTP_SECRET)} if username == "bob" else {}
        assert "all-staff" in auth_of(okta.login(username, **body))["policies"]
    # ivan is in no other group: with Everyone, "no Okta groups found" never shows in a real org.
    auth = auth_of(okta.login("ivan"))
    assert auth["policies"] == ["all-staff", "default"]
    assert auth["metadata"] == {"username": "ivan", "policies": "all-staff"}
    # Without an API token Vault fetches no Okta group at all, Everyone included.
    okta.configure(api_token="")
    assert auth_of(okta.login("ivan"))["policies"] == ["default"]


# -- 9. Okta matches logins ignoring case; Vault's users/<name> does not ------------------------------


def test_login_in_another_case_succeeds_but_skips_the_local_user(okta):
    """Okta's authn matches the login ignoring case, so ``login/Alice`` authenticates alice. Vault then
    looks the local user up by the URL name exactly (path_users.go ``User()``: ``Get("user/" + name)``),
    so users/alice's groups and policies are silently left out; the metadata and the entity alias
    carry the name as typed (path_login.go ``pathLogin``)."""
    okta.write("auth/okta/groups/engineering", {"policies": "eng"})
    okta.write("auth/okta/groups/local-group", {"policies": "local"})
    okta.write("auth/okta/users/alice", {"groups": "local-group", "policies": "alice-own"})
    exact = auth_of(okta.login("alice"))
    assert exact["policies"] == ["alice-own", "default", "eng", "local"]
    typed = auth_of(okta.login("Alice", password="alice-password"))
    assert typed["policies"] == ["default", "eng"]
    assert typed["metadata"] == {"username": "Alice", "policies": "eng"}
    assert okta.lookup(typed["client_token"])["meta"]["username"] == "Alice"
    # The password is still checked.
    assert_vault_error(okta.login("ALICE", password="wrong"), 400, FAILED)


# -- 10. PASSWORD_EXPIRED ----------------------------------------------------------------------------


def test_an_expired_password_fails_unless_mfa_hides_it(okta):
    """backend.go ``Login``: ``case "PASSWORD_EXPIRED"`` fails before ``bypass_okta_mfa`` is looked at;
    bypass only turns ``MFA_REQUIRED`` into success, and Okta answers ``MFA_REQUIRED`` before it shows an
    expired password only when the user has an enrolled factor (the comment there, and Okta's authn
    API). After a passed factor the expired password shows and the second status switch refuses it."""
    # grace: expired, no factor.
    assert_vault_error(okta.login("grace"), 400, FAILED)
    okta.configure(bypass_okta_mfa=True)
    assert_vault_error(okta.login("grace"), 400, FAILED)
    # judy: expired behind a TOTP factor. Bypass lets her in...
    assert auth_of(okta.login("judy"))["metadata"]["username"] == "judy"
    # ...without bypass the right code is accepted, and then the expired password stops her.
    okta.configure(bypass_okta_mfa=False)
    assert_vault_error(okta.login("judy"), 400, "'totp' passcode parameter is required to perform MFA")
    assert_vault_error(okta.login("judy", totp=fresh_code(JUDY_TOTP_SECRET)), 400, FAILED)


# -- 11. Factor choice and a wrong TOTP code ------------------------------------------------------------


def test_a_code_for_a_push_only_user_falls_back_to_push(okta):
    """backend.go ``Login``: TOTP is chosen only when ``totpFactor != nil && totp != ""``; otherwise an
    Okta push factor is used, so a code sent for a push-only user is no error: the push is sent."""
    # erin denies her push; frank approves his after a second (number challenge: nonce needed).
    assert_vault_error(okta.login("erin", totp="123456"), 400, "multi-factor authentication denied")
    started = time.monotonic()
    auth = auth_of(okta.login("frank", totp="123456", nonce="abcdefghij0123456789"))
    assert auth["metadata"]["username"] == "frank"
    assert time.monotonic() - started >= 1.0
    # provider narrows the factors: bob's TOTP is Okta's, so asking for Google's leaves none.
    message = "Okta Verify Push or TOTP or Google TOTP factor is required in order to perform MFA"
    assert_vault_error(okta.login("bob", totp=fresh_code(BOB_TOTP_SECRET), provider="google"), 400, message)
    assert auth_of(okta.login("bob", totp=fresh_code(BOB_TOTP_SECRET), provider="okta"))["metadata"]["username"] == "bob"


def test_a_wrong_code_gets_the_failure_okta_gives(vault):
    """Okta answers a wrong passcode with 403 E0000068 "Invalid Passcode/Answer" (authn API). How that
    reaches the user depends on the client Vault builds (path_config.go ``OktaClient``): with an API
    token, ``oktaShimNew.Do`` decodes the error body as a transaction without checking the status, the
    status stays ``MFA_REQUIRED`` and the last switch of ``Login`` says "okta authentication failed";
    without one, chrismalek/oktasdk-go's ``CheckResponse`` returns its ``errorResponse`` and ``Login``
    reports "Okta auth failed: %v". Never the TIMEOUT wording "failed to complete multi-factor
    authentication"."""
    vault.okta(api_token=OKTA_API_TOKEN)
    assert_vault_error(vault.login("bob", totp="000000" if fresh_code(BOB_TOTP_SECRET) != "000000" else "111111"), 400, FAILED)
    vault.configure(api_token="")
    code = "000000" if fresh_code(BOB_TOTP_SECRET) != "000000" else "111111"
    response = vault.login("bob", totp=code)
    assert response.status_code == 400
    (message,) = response.json()["errors"]
    pattern = (
        r"Okta auth failed: HTTP Method: POST - URL: https://%s\.okta\.com/api/v1/authn/factors/ostf[0-9a-f]{16}/verify: - "
        r"HTTP Status Code: 403, OKTA Error Code: E0000068, OKTA Error Summary: Invalid Passcode/Answer, "
        r"OKTA Error Causes: \[\{Your passcode doesn't match our records\. Please try again\.\}\]$" % ORG_NAME
    )
    assert re.match(pattern, message), message
    # A wrong password takes the same road: Okta's 401 E0000004.
    assert_vault_error(
        vault.login("alice", password="wrong"),
        400,
        "Okta auth failed: HTTP Method: POST - URL: https://%s.okta.com/api/v1/authn: - HTTP Status Code: 401, OKTA Error Code: E0000004, "
        "OKTA Error Summary: Authentication failed, OKTA Error Causes: []" % ORG_NAME,
    )


# -- 12. Nested group names in storage-scan order ----------------------------------------------------------


def test_nested_groups_list_in_storage_scan_order(okta):
    """path_groups.go ``groupList`` uses ``logical.CollectKeysWithPrefix``, whose ``ScanView``
    (sdk/logical/storage.go) pops folders off a stack (``current := frontier[n-1]``): a folder's own
    keys first, sorted, then its sub-folders, the last one first, each explored to the bottom. Not
    breadth-first: b/y comes before a/x, and a/deep/z after a/x."""
    for name in ("a/x", "c", "a/deep/z", "b/y", "b"):
        okta.write("auth/okta/groups/%s" % name, {"policies": "p"})
    assert keys(okta.list("auth/okta/groups")) == ["b", "c", "b/y", "a/x", "a/deep/z"]
    assert keys(okta.get("auth/okta/groups", params={"list": "true"})) == ["b", "c", "b/y", "a/x", "a/deep/z"]


# -- 13. token_bound_cidrs as go-sockaddr parses them -------------------------------------------------


def test_bound_addresses_parse_like_go_sockaddr(okta):
    """tokenutil ``ParseTokenFields`` hands every element of the comma-string slice to parseutil
    ``ParseAddrs``, which calls go-sockaddr ``NewSockAddr`` on each: IPv4 (``NewIPv4Addr``: CIDR,
    ``ip:port`` through ``ResolveTCPAddr``, bare address), IPv6, and else, for a string with a ``/``,
    a UNIX socket whose ``String()`` is ``%+q`` of its path. Reads show each ``String()`` after the
    stored JSON went through ``SockAddrMarshaler.UnmarshalJSON`` again."""
    empty = 'error parsing address "": unable to convert "" to an IPv4 or IPv6 address, or a UNIX Socket'
    assert_vault_error(okta.post("auth/okta/config", {"token_bound_cidrs": "10.0.0.0/8,,127.0.0.1"}), 400, empty)
    assert okta.read_data("auth/okta/config")["token_bound_cidrs"] == []
    assert_no_content(okta.post("auth/okta/config", {"token_bound_cidrs": ["127.0.0.1:8200", "::1/128", "2001:DB8::1/64", "10.1.2.3/8"]}))
    assert okta.read_data("auth/okta/config")["token_bound_cidrs"] == ["127.0.0.1:8200", "::1", "2001:db8::1/64", "10.1.2.3/8"]
    # cidrutil.RemoteAddrIsOk: Contains compares networks, so the ip:port entry admits 127.0.0.1.
    assert auth_of(okta.login("ivan"))["metadata"]["username"] == "ivan"
    # Not a CIDR but holding a "/": a UNIX socket, which admits no IP caller. Its quoting grows with
    # every load of the stored config: one for this read, one more after another config write.
    assert_no_content(okta.post("auth/okta/config", {"token_bound_cidrs": "10.0.0.0/33"}))
    assert okta.read_data("auth/okta/config")["token_bound_cidrs"] == ['"\\"10.0.0.0/33\\""']
    assert_vault_error(okta.login("ivan"), 403, "permission denied")
    assert_no_content(okta.post("auth/okta/config", {"token_ttl": "1h"}))
    assert okta.read_data("auth/okta/config")["token_bound_cidrs"] == ['"\\"\\\\\\"10.0.0.0/33\\\\\\"\\""']
    # Neither an address nor a path.
    assert_vault_error(
        okta.post("auth/okta/config", {"token_bound_cidrs": "localhost"}),
        400,
        'error parsing address "localhost": unable to convert "localhost" to an IPv4 or IPv6 address, or a UNIX Socket',
    )


# -- 14. Unknown query parameters ---------------------------------------------------------------------


def test_unknown_query_parameters_draw_the_ignored_warning(okta):
    """``framework.Backend.HandleRequest`` warns of parameters outside the path's fields whenever the
    handler answered with a body; a LIST always does (``logical.ListResponse``, empty data when nothing
    is stored), and ``RespondErrorCommon`` (sdk/logical/response_util.go) keeps a list with no data but
    with warnings as a 200 instead of the 404 of an empty list."""
    ignored = "Endpoint ignored these unrecognized parameters: [%s]"
    assert_vault_error(okta.list("auth/okta/users"), 404)
    assert assert_vault_data(okta.list("auth/okta/users", params={"zeta": "1", "alpha": "2"}), [ignored % "alpha zeta"]) == {}
    assert assert_vault_data(okta.get("auth/okta/groups", params={"list": "true", "page": "2"}), [ignored % "page"]) == {}
    okta.write("auth/okta/users/alice", {"policies": "p"})
    assert assert_vault_data(okta.list("auth/okta/users", params={"page": "2"}), [ignored % "page"]) == {"keys": ["alice"]}
    # Reads: a field of the path is no stranger; a path capture sent again is named as replaced.
    assert assert_vault_data(okta.get("auth/okta/users/alice", params={"groups": "x", "verbose": "1"}), [ignored % "verbose"])
    replaced = "Endpoint replaced the value of these parameters with the values captured from the endpoint's path: [name]"
    assert assert_vault_data(okta.get("auth/okta/users/alice", params={"name": "bob"}), [replaced])["policies"] == ["p"]
    # A read that finds nothing has no body to carry a warning; ?list=false stays a read, with list unknown.
    assert_vault_error(okta.get("auth/okta/users/nobody", params={"verbose": "1"}), 404)
    assert assert_vault_data(okta.get("auth/okta/config", params={"list": "false"}), [ignored % "list"])["org_name"] == ORG_NAME


# -- 15. Renewal asks Okta again -------------------------------------------------------------------


def test_renewal_logs_in_to_okta_again_and_compares_policies(okta):
    """path_login.go ``pathLoginRenew`` (the backend's ``AuthRenew``) calls ``Login`` again with the
    password kept in the token's InternalData, then refuses with "policies have changed, not renewing"
    unless the config's ``token_policies`` plus the login's policies are ``EquivalentPolicies``
    (sdk/helper/policyutil) to the token's. The front does this before OpenBao renews the token."""
    okta.write("auth/okta/groups/engineering", {"policies": "eng"})
    token = okta.login_token("alice")
    renewed = okta.post("auth/token/renew-self", {}, token=token)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["auth"]["policies"] == ["default", "eng"]
    # A group's policies change: renewal stops, by any of the token store's renewal paths.
    okta.write("auth/okta/groups/engineering", {"policies": "eng,more"})
    assert_vault_error(okta.post("auth/token/renew-self", {}, token=token), 400, POLICIES_CHANGED)
    assert_vault_error(okta.post("auth/token/renew", {"token": token}), 400, POLICIES_CHANGED)
    accessor = okta.lookup(token)["accessor"]
    assert_vault_error(okta.post("auth/token/renew-accessor", {"accessor": accessor}), 400, POLICIES_CHANGED)
    # Back as they were: it renews again. Okta refusing the caller's address refuses the renewal.
    okta.write("auth/okta/groups/engineering", {"policies": "eng"})
    assert okta.post("auth/token/renew", {"token": token}).status_code == 200
    okta.configure(token_bound_cidrs="10.0.0.0/8")
    assert_vault_error(okta.post("auth/token/renew-self", {}, token=token), 403, "permission denied")
    okta.configure(token_bound_cidrs="")
    # A change of the config's own token_policies counts too (compared as stored: case matters).
    okta.configure(token_policies="Extra")
    assert_vault_error(okta.post("auth/token/renew-self", {}, token=token), 400, POLICIES_CHANGED)
    # Tokens that no Okta login minted renew as OpenBao renews them.
    assert okta.post("auth/token/renew-self", {}, token=okta.token("default")).status_code == 200


def test_renewal_carries_the_warnings_of_the_new_login(okta):
    """``pathLoginRenew`` answers with the response ``Login`` built, so its warnings (PASSWORD_WARN)
    come with the renewal."""
    token = okta.login_token("dave")
    renewed = okta.post("auth/token/renew-self", {}, token=token)
    assert renewed.status_code == 200, renewed.text
    assert renewed.json()["warnings"] == [PASSWORD_WARN]
