# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""vault_okta_config and vault_okta_auth_method: check mode tells the truth, and Vault ends up
holding the settings as it reads them back (vault-okta-api.md §1.3, §1.5, §5.5)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from hypothesis import assume, example, given
from hypothesis import strategies as st

from expected import bound_cidr, go_duration_seconds, user_list
from harness import assert_check_mode_told_the_truth, three_runs
from strategies import policy_lists

MOUNT = "okta"
DURATIONS = ("token_ttl", "token_max_ttl", "token_explicit_max_ttl", "token_period")
TRUE_WORDS = ("yes", "true", "True", "on", "1")


def durations():
    """Seconds as numbers and numeric strings, Go duration strings, whole days (§1.3)."""
    return st.one_of(
        st.integers(0, 10 ** 6),
        st.integers(0, 10 ** 6).map(str),
        st.sampled_from(["1h30m", "90m", "1h", "30s", "1.5h", "7d", "0", "2h0m0s", "45m30s", "0s", "720h"]),
    )


def cidrs():
    """Addresses and CIDRs in the forms people write: upper-case or expanded IPv6, host bits set,
    host prefixes (/32, /128), stray spaces (§1.3, §6.2)."""
    v4 = st.tuples(st.ip_addresses(v=4), st.one_of(st.none(), st.integers(0, 32))).map(lambda p: str(p[0]) if p[1] is None else "%s/%d" % p)
    v6_address = st.ip_addresses(v=6).filter(lambda ip: ip.ipv4_mapped is None and ip.sixtofour is None)
    v6 = st.tuples(v6_address, st.one_of(st.none(), st.integers(0, 128)), st.sampled_from(["compressed", "exploded", "upper"])).map(_v6_text)
    padded = st.tuples(st.one_of(v4, v6), st.sampled_from(["", " ", "  "])).map(lambda p: p[1] + p[0] + p[1])
    return st.lists(padded, max_size=4)


def _v6_text(parts):
    ip, prefix, form = parts
    text = ip.exploded if form == "exploded" else str(ip)
    if form == "upper":
        text = text.upper()
    return text if prefix is None else "%s/%d" % (text, prefix)


def booleans():
    return st.one_of(st.booleans(), st.sampled_from(TRUE_WORDS + ("no", "false", "off", "0")))


def as_bool(value):
    return value is True or value in TRUE_WORDS


def config_fields():
    return st.fixed_dictionaries(
        {},
        optional={
            "org_name": st.sampled_from(["sandbox-org", "Other-Org", "dev-12345"]),
            "base_url": st.sampled_from(["okta.com", "oktapreview.com", "okta-emea.com"]),
            "bypass_okta_mfa": booleans(),
            "token_ttl": durations(),
            "token_max_ttl": durations(),
            "token_explicit_max_ttl": durations(),
            "token_period": durations(),
            "token_policies": policy_lists(),
            "token_bound_cidrs": cidrs(),
            "token_no_default_policy": booleans(),
            "token_num_uses": st.integers(0, 50),
            "token_type": st.sampled_from(["default", "service", "batch"]),
        },
    )


def read_back(field, value):
    """A field as Vault reads it back, from what was written (§1.3)."""
    if field in DURATIONS:
        return go_duration_seconds(value)
    if field == "token_policies":
        return user_list(value)
    if field == "token_bound_cidrs":
        return sorted(set(bound_cidr(v) for v in value if v.strip()))
    if field in ("bypass_okta_mfa", "token_no_default_policy"):
        return as_bool(value)
    return value


def held(vault):
    data = vault.read("auth/%s/config" % MOUNT)
    if data is None:
        return None
    view = dict((field, data.get(field)) for field in ("org_name", "base_url", "bypass_okta_mfa", "token_num_uses", "token_type") + DURATIONS)
    view["token_policies"] = user_list(data.get("token_policies"))
    view["token_bound_cidrs"] = sorted(set(bound_cidr(v) for v in data.get("token_bound_cidrs") or ()))
    view["token_no_default_policy"] = data.get("token_no_default_policy")
    return view


# Deprecated spellings users still write (§1.2): the module takes them as aliases.
LEGACY_NAMES = {"org_name": "organization", "token_ttl": "ttl", "token_max_ttl": "max_ttl"}


@st.composite
def config_examples(draw):
    current = draw(st.one_of(st.none(), config_fields()))
    desired = draw(config_fields())
    if current is not None:
        current.setdefault("org_name", "sandbox-org")
    else:
        desired.setdefault("org_name", "sandbox-org")
    legacy = draw(st.lists(st.sampled_from(sorted(LEGACY_NAMES)), unique=True))
    api_token = draw(st.one_of(st.none(), st.just("okta-sandbox-api-token")))
    return current, desired, legacy, api_token


def refused_by_vault(view):
    """vault-okta-api.md §1.4: Vault's checks on the merged config (stored plus request)."""
    batch = view.get("token_type") == "batch"
    if batch and (view.get("token_period") or view.get("token_num_uses")):
        return True
    return bool(view.get("token_max_ttl")) and (view.get("token_ttl") or 0) > view["token_max_ttl"]


def _write_form(field, value):
    """What a direct write sends: Vault takes the booleans and durations people write as they are."""
    if field in ("bypass_okta_mfa", "token_no_default_policy"):
        return as_bool(value)
    return value


@given(config_examples())
# Vault checks the merged config (§1.4); check mode predicted a change the real run got 400 for (bug 4).
@example(({"org_name": "sandbox-org", "token_max_ttl": 60}, {"token_ttl": 120}, [], None))
@example((None, {"org_name": "sandbox-org", "token_type": "batch", "token_period": "1h"}, [], None))
@example((None, {"org_name": "sandbox-org", "token_type": "batch", "token_num_uses": 3}, [], None))
@example((None, {"org_name": "sandbox-org", "token_ttl": "2h", "token_max_ttl": "1h30m"}, ["token_ttl"], None))
def test_vault_okta_config(vault, example):
    current, desired, legacy, api_token = example
    vault.fresh_mount(MOUNT, configure=False)
    if current is not None:
        assume(not refused_by_vault(dict((field, read_back(field, value)) for field, value in current.items())))
        vault.write("auth/%s/config" % MOUNT, dict((field, _write_form(field, value)) for field, value in current.items()))
    before = held(vault)
    args = dict(vault.module_args(MOUNT))
    for field, value in desired.items():
        args[LEGACY_NAMES[field] if field in legacy else field] = value
    if api_token:
        args["api_token"] = api_token

    outcome = three_runs("vault_okta_config", args, [vault])

    expected = dict(before or {})
    if before is None:
        # A new config: Vault's defaults for every field not written (§1.2); base_url is read
        # back only when set (§1.8).
        expected = dict(
            org_name="", base_url=None, bypass_okta_mfa=False, token_num_uses=0, token_type="default",
            token_policies=[], token_bound_cidrs=[], token_no_default_policy=False, **dict((d, 0) for d in DURATIONS)
        )
    for field, value in desired.items():
        expected[field] = read_back(field, value)
    if refused_by_vault(expected):
        # Vault refuses the merged config: check mode must say so too, and nothing is written.
        assert outcome.check.get("failed") and outcome.real.get("failed"), (outcome.check, outcome.real)
        assert outcome.check["msg"] == outcome.real["msg"]
        assert outcome.check_writes == [] and outcome.real_writes == []
        assert held(vault) == before
        return
    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff", "config", "created", "api_token_sent"))
    assert held(vault) == expected


# -- the auth method (mount and tune) ------------------------------------------------------------

TOKEN_TYPES = ("default-service", "default-batch", "service", "batch")


def tune_fields():
    return st.fixed_dictionaries(
        {},
        optional={
            "description": st.sampled_from(["", "Okta logins", "Okta – ingénieurs 🙂"]),
            "default_lease_ttl": durations(),
            "max_lease_ttl": durations(),
            "listing_visibility": st.sampled_from(["", "hidden", "unauth"]),
            "token_type": st.sampled_from(TOKEN_TYPES),
        },
    )


def held_mount(vault, mount):
    entry = vault.auth_mounts().get(mount + "/")
    if entry is None:
        return None
    config = entry.get("config") or {}
    return {
        "type": entry.get("type"),
        "description": entry.get("description") or "",
        "default_lease_ttl": int(config.get("default_lease_ttl") or 0),
        "max_lease_ttl": int(config.get("max_lease_ttl") or 0),
        "listing_visibility": config.get("listing_visibility") or "",
        "token_type": config.get("token_type") or "default-service",
    }


def _tune_body(fields):
    body = {}
    for field, value in fields.items():
        if field in ("default_lease_ttl", "max_lease_ttl"):
            body[field] = str(value)
        elif field != "description":
            body[field] = value
    return body


@st.composite
def mount_examples(draw):
    mount = draw(st.sampled_from(["okta", "okta-contractors", "Okta/Team"]))
    current = draw(st.one_of(st.none(), tune_fields()))
    present = draw(st.booleans())
    desired = draw(tune_fields()) if present else {}
    return mount, current, present, desired


@given(mount_examples())
# A max lease TTL below the default one: check mode predicted a mount Vault refuses (bug 5).
@example(("okta", None, True, {"default_lease_ttl": "2h", "max_lease_ttl": "1h"}))
@example(("okta", {"max_lease_ttl": "1h"}, True, {"default_lease_ttl": 7200}))
def test_vault_okta_auth_method(vault, example):
    mount, current, present, desired = example
    vault.unmount(mount)
    if current is not None:
        assume(not _lease_refused(dict((f, go_duration_seconds(current[f])) for f in ("default_lease_ttl", "max_lease_ttl") if f in current)))
        body = {"type": "okta", "description": current.get("description", "")}
        vault.write("sys/auth/%s" % mount, body)
        tune = _tune_body(current)
        if tune:
            vault.write("sys/auth/%s/tune" % mount, tune)
    before = held_mount(vault, mount)
    args = dict(vault.module_args(mount), state="present" if present else "absent")
    args.update((field, value) for field, value in desired.items())

    outcome = three_runs("vault_okta_auth_method", args, [vault])

    if not present:
        assert_check_mode_told_the_truth(outcome, compare=("changed", "diff"))
        assert held_mount(vault, mount) is None
        return
    new_mount = {"type": "okta", "description": "", "default_lease_ttl": 0, "max_lease_ttl": 0, "listing_visibility": "", "token_type": "default-service"}
    expected = dict(before or new_mount)
    for field, value in desired.items():
        expected[field] = go_duration_seconds(value) if field.endswith("_ttl") else value
    if _lease_refused(expected):
        assert outcome.check.get("failed") and outcome.real.get("failed"), (outcome.check, outcome.real)
        assert outcome.check["msg"] == outcome.real["msg"]
        assert outcome.check_writes == [] and outcome.real_writes == []
        assert held_mount(vault, mount) == before
        return
    assert_check_mode_told_the_truth(outcome, compare=("changed", "diff"))
    assert held_mount(vault, mount) == expected
    vault.unmount(mount)


def _lease_refused(view):
    """Vault refuses a mount or tune whose max lease TTL is set and below its default (vault
    logical_system.go, handleTuneWriteCommon: "backend max lease TTL cannot be less than backend
    default lease TTL"; the sandbox front does the same)."""
    return bool(view.get("max_lease_ttl")) and (view.get("default_lease_ttl") or 0) > view["max_lease_ttl"]


def test_cidr_generator_covers_the_forms_people_write():
    # A guard on the generator itself: expanded and upper-case IPv6 parse as the same address.
    assert bound_cidr(" 2001:0DB8:0000:0000:0000:0000:0000:0001/128 ") == str(ipaddress.ip_address("2001:db8::1"))
