# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""``auth/<mount>/config`` of the emulated Okta method (vault-okta-api.md §1): create vs update, merge,
legacy fields, token fields, parsing, warnings and errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from sandbox_helpers import (
    MFA_BYPASS_WARNING,
    ORG_NAME,
    UNSUPPORTED_OPERATION,
    UNSUPPORTED_PATH,
    assert_no_content,
    assert_vault_data,
    assert_vault_error,
)

FRESH = {
    "organization": ORG_NAME,
    "org_name": ORG_NAME,
    "bypass_okta_mfa": False,
    "token_bound_cidrs": [],
    "token_explicit_max_ttl": 0,
    "token_max_ttl": 0,
    "token_no_default_policy": False,
    "token_period": 0,
    "token_policies": [],
    "token_type": "default",
    "token_ttl": 0,
    "token_num_uses": 0,
}


def config(vault, path="okta"):
    return vault.read_data("auth/%s/config" % path)


def write(vault, body, path="okta"):
    return vault.post("auth/%s/config" % path, body)


def test_unconfigured_reads_404_with_no_errors(vault):
    vault.enable_okta()
    assert_vault_error(vault.get("auth/okta/config"), 404)


def test_create_needs_an_org_and_stores_nothing_without_one(vault):
    vault.enable_okta()
    assert_vault_error(write(vault, {"api_token": "x", "token_ttl": 60}), 400, "org_name is missing")
    assert_vault_error(write(vault, {"org_name": ""}), 400, "org_name is missing")
    assert_vault_error(vault.get("auth/okta/config"), 404)


def test_create_then_read_everything(vault):
    vault.enable_okta()
    response = write(vault, {"org_name": ORG_NAME})
    assert_no_content(response)
    assert response.headers["Content-Type"] == "application/json"
    assert config(vault) == FRESH


def test_the_deprecated_organization_field(vault):
    vault.enable_okta()
    assert_no_content(write(vault, {"organization": "legacy-org"}))
    assert config(vault)["org_name"] == "legacy-org"
    assert config(vault)["organization"] == "legacy-org"
    # org_name wins when both are sent.
    assert_no_content(write(vault, {"org_name": "new-org", "organization": "ignored"}))
    assert config(vault)["org_name"] == "new-org"
    # On update, organization alone cannot change an org that is set.
    assert_no_content(write(vault, {"organization": "other"}))
    assert config(vault)["org_name"] == "new-org"
    # Quirk: an update may clear the org (the "missing" check is for create only); then organization fills it.
    assert_no_content(write(vault, {"org_name": ""}))
    assert config(vault)["org_name"] == ""
    assert_no_content(write(vault, {"organization": "refilled"}))
    assert config(vault)["organization"] == "refilled"


def test_update_merges(vault):
    vault.enable_okta()
    assert_no_content(write(vault, {"org_name": ORG_NAME, "api_token": "secret", "base_url": "oktapreview.com", "token_policies": "a,b", "token_ttl": 60}))
    assert_no_content(write(vault, {"token_max_ttl": "2h"}))
    assert config(vault) == dict(FRESH, base_url="oktapreview.com", token_policies=["a", "b"], token_ttl=60, token_max_ttl=7200)
    assert_no_content(write(vault, {"token_policies": ""}))
    assert config(vault)["token_policies"] == []
    assert config(vault)["token_ttl"] == 60


def test_api_token_is_never_returned(vault):
    vault.enable_okta()
    assert_no_content(write(vault, {"org_name": ORG_NAME, "api_token": "very-secret"}))
    body = vault.get("auth/okta/config").text
    assert "very-secret" not in body
    assert "api_token" not in config(vault) and "token" not in config(vault)
    # The deprecated "token" sets it as well: still not readable.
    assert_no_content(write(vault, {"token": "other-secret"}))
    assert "other-secret" not in vault.get("auth/okta/config").text


def test_base_url_and_production(vault):
    vault.enable_okta()
    assert_no_content(write(vault, {"org_name": ORG_NAME, "production": False}))
    assert config(vault)["production"] is False
    assert "base_url" not in config(vault)
    # A base_url clears production.
    assert_no_content(write(vault, {"base_url": "okta-emea.com", "production": True}))
    data = config(vault)
    assert data["base_url"] == "okta-emea.com" and "production" not in data
    assert_no_content(write(vault, {"base_url": ""}))
    assert "base_url" not in config(vault)
    assert_no_content(write(vault, {"production": "true"}))
    assert config(vault)["production"] is True


def test_a_bad_base_url(vault):
    vault.enable_okta()
    vault.configure()
    response = write(vault, {"base_url": "okta.com/%zz"})
    assert_vault_error(response, 400, 'Error parsing given base_url: parse "https://sandbox-org,okta.com/%zz": invalid URL escape "%zz"')
    assert "base_url" not in config(vault)


@pytest.mark.parametrize("legacy,current", [("ttl", "token_ttl"), ("max_ttl", "token_max_ttl")])
def test_legacy_ttl_mapping(vault, legacy, current):
    """§1.7, for ttl/token_ttl and max_ttl/token_max_ttl alike."""
    vault.enable_okta()
    vault.configure()
    # Only the legacy field: both set.
    assert_no_content(write(vault, {legacy: "1h"}))
    data = config(vault)
    assert data[legacy] == 3600 and data[current] == 3600
    # Only the new field: the legacy one is reset to 0, and so no longer read back.
    assert_no_content(write(vault, {current: 120}))
    data = config(vault)
    assert data[current] == 120 and legacy not in data
    # Both: the new field wins, and the legacy one follows it.
    assert_no_content(write(vault, {legacy: 60, current: 90}))
    data = config(vault)
    assert data[current] == 90 and data[legacy] == 90
    # Neither: both unchanged.
    assert_no_content(write(vault, {"bypass_okta_mfa": False}))
    data = config(vault)
    assert data[current] == 90 and data[legacy] == 90


def test_every_token_field_round_trips(vault):
    vault.enable_okta()
    body = {
        "org_name": ORG_NAME,
        "token_bound_cidrs": "10.0.0.1/32, 192.168.0.0/16,::1/128, 2001:db8::/32",
        "token_explicit_max_ttl": "10h",
        "token_max_ttl": "2h",
        "token_no_default_policy": "true",
        "token_period": "30m",
        "token_policies": " Admin, ops ,,ops",
        "token_type": "service",
        "token_ttl": 3600,
        "token_num_uses": "5",
    }
    assert_no_content(write(vault, body))
    assert config(vault) == dict(
        FRESH,
        token_bound_cidrs=["10.0.0.1", "192.168.0.0/16", "::1", "2001:db8::/32"],
        token_explicit_max_ttl=36000,
        token_max_ttl=7200,
        token_no_default_policy=True,
        token_period=1800,
        # Config token_policies are trimmed only: not lowercased, deduplicated or cleared of empties.
        token_policies=["Admin", "ops", "", "ops"],
        token_type="service",
        token_ttl=3600,
        token_num_uses=5,
    )
    # Lists may be JSON arrays too; token_type "" means "default".
    assert_no_content(write(vault, {"token_policies": ["x", " y "], "token_bound_cidrs": ["127.0.0.1"], "token_type": ""}))
    data = config(vault)
    assert data["token_policies"] == ["x", "y"]
    assert data["token_bound_cidrs"] == ["127.0.0.1"]
    assert data["token_type"] == "default"
    assert_no_content(write(vault, {"token_type": "batch", "token_period": 0, "token_num_uses": 0}))
    assert config(vault)["token_type"] == "batch"


@pytest.mark.parametrize(
    "value,seconds",
    [(3600, 3600), ("3600", 3600), ("90m", 5400), ("1h30m", 5400), ("7d", 604800), ("1.5h", 5400), ("", 0), (0, 0)],
)
def test_durations_as_strings_or_seconds(vault, value, seconds):
    vault.enable_okta()
    vault.configure(token_ttl=value)
    assert config(vault)["token_ttl"] == seconds


def test_mfa_bypass_warns_with_200(vault):
    vault.enable_okta()
    response = write(vault, {"org_name": ORG_NAME, "bypass_okta_mfa": True})
    assert assert_vault_data(response, [MFA_BYPASS_WARNING]) is None
    # Reads warn too.
    assert assert_vault_data(vault.get("auth/okta/config"), [MFA_BYPASS_WARNING])["bypass_okta_mfa"] is True
    # Every later write warns while bypass stays on (merged), and names unknown parameters.
    response = write(vault, {"zeta": 1, "alpha": "x", "token_ttl": 5})
    assert assert_vault_data(response, [MFA_BYPASS_WARNING, "Endpoint ignored these unrecognized parameters: [alpha zeta]"]) is None
    # Turned off: a plain 204 again, and unknown parameters go unmentioned.
    assert_no_content(write(vault, {"bypass_okta_mfa": False, "zeta": 1}))
    assert assert_vault_data(vault.get("auth/okta/config"))["token_ttl"] == 5


@pytest.mark.parametrize(
    "body,message",
    [
        ({"token_ttl": "abc"}, 'Field validation failed: error converting input abc for field "token_ttl": time: invalid duration "abc"'),
        ({"token_max_ttl": -5}, "Field validation failed: error converting input -5 for field \"token_max_ttl\": cannot provide negative value '-5'"),
        ({"token_period": "-1h"}, "Field validation failed: error converting input -1h for field \"token_period\": cannot provide negative value '-1h'"),
        (
            {"bypass_okta_mfa": "maybe"},
            'Field validation failed: error converting input maybe for field "bypass_okta_mfa": strconv.ParseBool: parsing "maybe": invalid syntax',
        ),
        (
            {"token_num_uses": "x"},
            'Field validation failed: error converting input x for field "token_num_uses": strconv.ParseInt: parsing "x": invalid syntax',
        ),
        ({"token_num_uses": -1}, "'token_num_uses' cannot be negative"),
        ({"token_type": "default-service"}, "invalid 'token_type' value \"default-service\""),
        ({"token_type": "default-batch"}, "invalid 'token_type' value \"default-batch\""),
        ({"token_type": "batch", "token_period": 60}, "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens"),
        ({"token_type": "batch", "token_num_uses": 3}, "'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count"),
        ({"token_ttl": 120, "token_max_ttl": 60}, "'token_ttl' cannot be greater than 'token_max_ttl'"),
        (
            {"token_bound_cidrs": "10.0.0.0/8,nope"},
            'error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket',
        ),
    ],
)
def test_invalid_values_store_nothing(vault, body, message):
    vault.enable_okta()
    vault.configure(token_policies="kept")
    before = config(vault)
    assert_vault_error(write(vault, dict(body, org_name="changed", token_policies="changed")), 400, message)
    assert config(vault) == before
    # Nothing was created either, on a mount without config.
    vault.enable_okta("fresh")
    assert_vault_error(write(vault, dict(body, org_name=ORG_NAME), path="fresh"), 400, message)
    assert_vault_error(vault.get("auth/fresh/config"), 404)


def test_token_field_checks_run_on_merged_values(vault):
    vault.enable_okta()
    vault.configure(token_max_ttl=60)
    assert_vault_error(write(vault, {"token_ttl": 120}), 400, "'token_ttl' cannot be greater than 'token_max_ttl'")
    vault.configure(token_type="batch")
    assert_vault_error(write(vault, {"token_period": "1m"}), 400, "'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens")
    data = config(vault)
    assert data["token_ttl"] == 0 and data["token_type"] == "batch" and data["token_period"] == 0
    # The deprecated ttl/max_ttl are mapped after the checks, so they are not checked (§1.4):
    # ttl 120 over token_max_ttl 60 is stored, as token_ttl too.
    assert_no_content(write(vault, {"ttl": 120}))
    data = config(vault)
    assert data["ttl"] == 120 and data["token_ttl"] == 120 and data["token_max_ttl"] == 60
    # From then on the stored values fail the check on every write, until token_max_ttl is raised.
    assert_vault_error(write(vault, {"bypass_okta_mfa": False}), 400, "'token_ttl' cannot be greater than 'token_max_ttl'")
    assert_no_content(write(vault, {"token_max_ttl": 300}))
    assert config(vault)["token_max_ttl"] == 300


def test_methods_and_paths_the_config_does_not_support(vault):
    vault.enable_okta()
    vault.configure()
    assert_vault_error(vault.delete("auth/okta/config"), 405, UNSUPPORTED_OPERATION)
    assert_vault_error(vault.list("auth/okta/config"), 404, UNSUPPORTED_PATH)
    assert_vault_error(vault.get("auth/okta/config", params={"list": "true"}), 404, UNSUPPORTED_PATH)
    assert_vault_error(vault.get("auth/okta/config/extra"), 404, UNSUPPORTED_PATH)
    assert_vault_error(vault.get("auth/okta/nothing-here"), 404, UNSUPPORTED_PATH)
    assert_vault_error(vault.request("PATCH", "auth/okta/config", json={}), 405, UNSUPPORTED_OPERATION)
    assert vault.get("auth/okta/users", params={"list": "maybe"}).status_code == 400
    # The config is untouched by all of that.
    assert config(vault) == FRESH


def test_bodies(vault):
    vault.enable_okta()
    assert_vault_error(vault.post("auth/okta/config", data="{not json", headers={"Content-Type": "application/json"}), 400, "error parsing JSON")
    assert_vault_error(vault.post("auth/okta/config", data="[1, 2]"), 400, "error parsing JSON")
    assert_vault_error(vault.get("auth/okta/config"), 404)
    # Form-encoded bodies work, as in Vault.
    assert_no_content(vault.request("POST", "auth/okta/config", data={"org_name": "form-org", "token_ttl": "1m"}))
    assert config(vault)["org_name"] == "form-org" and config(vault)["token_ttl"] == 60
    # PUT is POST; an empty body changes nothing on update.
    assert_no_content(vault.request("PUT", "auth/okta/config", json={"org_name": "put-org"}))
    assert_no_content(vault.request("PUT", "auth/okta/config"))
    assert config(vault)["org_name"] == "put-org"
