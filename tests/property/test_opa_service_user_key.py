# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""opa_service_user_key without Vault: rotate, max_age, keep and absent. Check mode predicts the
keys created and deleted, and OPA ends up holding the keys the options promise (opa-api.md §4)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import uuid

from hypothesis import example, given
from hypothesis import strategies as st

from harness import run_module
from strategies import optional

USER = "svc-keys"
# max_age values people write: seconds, units, weeks; "0" makes every run rotate (on purpose).
MAX_AGES = ("0", "0s", "90d", "12h", "1w", "3600", "2h30m")


def max_age_seconds(text):
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
    if text.isdigit():
        return int(text)
    total, number = 0, ""
    for char in text:
        if char.isdigit():
            number += char
        else:
            total += int(number) * units[char]
            number = ""
    return total


@st.composite
def key_examples(draw):
    existing = draw(st.integers(0, 4))
    present = draw(st.booleans())
    options = {}
    if present:
        if draw(st.booleans()):
            options["rotate"] = True
        max_age = draw(optional(st.sampled_from(MAX_AGES)))
        if max_age is not None:
            options["max_age"] = max_age
        keep = draw(optional(st.integers(1, 4)))
        if keep is not None:
            options["keep"] = keep
    else:
        which = draw(st.sampled_from(["all", "existing", "unknown"]))
        if which == "existing" and existing:
            options["delete_key_id"] = draw(st.integers(0, existing - 1))
        elif which == "unknown":
            options["delete_key_id"] = "unknown"
    return existing, present, options


def key_ids_newest_first(opa):
    """The user's keys, newest first: each rotation expires the older keys (§4.2), so issue order
    is the order they were made in; the sandbox answers them in that order."""
    keys = opa.keys(USER)
    return [key["id"] for key in sorted(keys, key=lambda key: key["issued_at"], reverse=True)]


def normalised(result, existing_ids):
    """A result with the facts check mode cannot know (a new key's id and times) made comparable."""

    def key(entry):
        return {"id": entry.get("id") if entry.get("id") in existing_ids else "new", "expires": entry.get("expires_at") is not None}

    diff = result.get("diff") or {}
    return {
        "changed": result.get("changed"),
        "reason": result.get("reason"),
        "deleted_key_ids": result.get("deleted_key_ids"),
        "created": result.get("created_key") is not None,
        "api_keys": [key(entry) for entry in result.get("api_keys") or ()],
        "diff": dict((side, [key(entry) for entry in (diff.get(side) or {}).get("api_keys", ())]) for side in ("before", "after")),
    }


@given(key_examples())
# Check mode showed an older key as never expiring after a rotation that gives it an expiry (bug 6).
@example((1, True, {"rotate": True}))
def test_opa_service_user_key(opa, example):
    existing, present, options = example
    opa.reset()
    opa.create_user(USER)
    for _index in range(existing):
        opa.call("POST", "/service_users/%s/keys" % USER, expected=(200, 201))
    before = key_ids_newest_first(opa)
    args = dict(opa.module_args(), service_user=USER, state="present" if present else "absent")
    args.update(options)
    if isinstance(args.get("delete_key_id"), int):
        args["delete_key_id"] = before[args["delete_key_id"]]
    elif args.get("delete_key_id") == "unknown":
        args["delete_key_id"] = str(uuid.uuid4())

    mark = opa.mark()
    check = run_module("opa_service_user_key", args, check=True)
    check_writes = opa.writes_since(mark)
    mark = opa.mark()
    real = run_module("opa_service_user_key", args)
    real_writes = opa.writes_since(mark)
    after = key_ids_newest_first(opa)

    assert not check.get("failed") and not real.get("failed"), (check.get("msg"), real.get("msg"))
    assert check_writes == [], check_writes
    assert normalised(check, set(before)) == normalised(real, set(before))
    assert bool(real_writes) == real["changed"]
    assert "secret" not in check and ("secret" in real) == (real.get("created_key") is not None)

    # What the options promise (the module's documentation of keep, rotate, max_age, absent).
    if present:
        rotates = options.get("rotate") or not before or max_age_seconds(options.get("max_age", "99999999")) == 0
        created = 1 if rotates else 0
        keep = options.get("keep")
        if keep is None:
            kept = before
        else:
            always = [] if created else before[:1]
            kept = always + [key_id for key_id in before if key_id not in always][: max(0, keep - created - len(always))]
        assert len(after) == len(kept) + created
        assert set(after) - set(before) == ({real["created_key"]["id"]} if created else set())
        assert set(after) & set(before) == set(kept)
        assert real["deleted_key_ids"] == [key_id for key_id in before if key_id not in kept]
    elif "delete_key_id" in args:
        assert after == [key_id for key_id in before if key_id != args["delete_key_id"]]
    else:
        assert after == []

    again_mark = opa.mark()
    again = run_module("opa_service_user_key", args)
    assert not again.get("failed"), again.get("msg")
    if present and (options.get("rotate") or max_age_seconds(options.get("max_age", "99999999")) == 0):
        # rotate and max_age=0 make a key on every run, by design (the module's documentation).
        assert again["changed"] is True
    else:
        assert again["changed"] is False, again
        assert opa.writes_since(again_mark) == []


# -- with the secret stored in Vault -------------------------------------------------------------

KV_PATH = "opa/svc-keys"


@st.composite
def vault_key_examples(draw):
    existing, present, options = draw(key_examples())
    # What Vault holds: nothing, the secret of one of the keys, or of a key that no longer exists.
    stored = draw(st.sampled_from(["none", "gone"] + ["key-%d" % index for index in range(existing)]))
    if not present:
        options.pop("delete_key_id", None)
    return existing, present, options, stored


def stored_key_id(vault):
    data = vault.read("secret/data/%s" % KV_PATH)
    return data["data"]["key_id"] if data else None


@given(vault_key_examples())
def test_opa_service_user_key_stored_in_vault(opa, vault, example):
    existing, present, options, stored = example
    opa.reset()
    vault.request("DELETE", "secret/metadata/%s" % KV_PATH)
    opa.create_user(USER)
    for _index in range(existing):
        opa.call("POST", "/service_users/%s/keys" % USER, expected=(200, 201))
    before = key_ids_newest_first(opa)
    if stored != "none":
        key_id = str(uuid.uuid4()) if stored == "gone" else before[int(stored.split("-")[1])]
        vault.write("secret/data/%s" % KV_PATH, {"data": {"key_id": key_id, "key_secret": "not-checked", "service_user": USER}})
    stored_before = stored_key_id(vault)
    vault_options = dict(url=vault.url, token=vault.root, auth_method="token", kv_mount="secret", kv_path=KV_PATH)
    args = dict(opa.module_args(), service_user=USER, state="present" if present else "absent", vault=vault_options, **options)

    marks = (opa.mark(), vault.mark())
    check = run_module("opa_service_user_key", args, check=True)
    check_writes = opa.writes_since(marks[0]) + vault.writes_since(marks[1])
    marks = (opa.mark(), vault.mark())
    real = run_module("opa_service_user_key", args)
    real_writes = opa.writes_since(marks[0]) + vault.writes_since(marks[1])
    after = key_ids_newest_first(opa)

    assert not check.get("failed") and not real.get("failed"), (check.get("msg"), real.get("msg"))
    assert check_writes == [], check_writes
    assert normalised(check, set(before)) == normalised(real, set(before))
    assert check.get("deleted_vault_secret") == real.get("deleted_vault_secret")
    assert bool(real_writes) == real["changed"]
    assert "secret" not in real and "secret" not in check

    if present:
        # The module's documentation: with vault, the key that counts is the one stored there.
        rotates = options.get("rotate") or stored_before not in before or max_age_seconds(options.get("max_age", "99999999")) == 0
        created = 1 if rotates else 0
        keep = options.get("keep")
        if keep is None:
            kept = before
        else:
            always = [] if created else [stored_before]
            kept = always + [key_id for key_id in before if key_id not in always][: max(0, keep - created - len(always))]
        assert set(after) & set(before) == set(kept)
        assert len(after) == len(kept) + created
        # The newest key's secret is in Vault (a new one), or the stored one stays.
        assert stored_key_id(vault) == (real["created_key"]["id"] if created else stored_before)
        assert real.get("stored_in_vault", {}).get("key_id") == (real["created_key"]["id"] if created else None)
    else:
        # Offboarding: every key and the stored secret go.
        assert after == []
        assert stored_key_id(vault) is None
        assert real["deleted_vault_secret"] == (stored_before is not None)

    again_mark = (opa.mark(), vault.mark())
    again = run_module("opa_service_user_key", args)
    assert not again.get("failed"), again.get("msg")
    if not (present and (options.get("rotate") or max_age_seconds(options.get("max_age", "99999999")) == 0)):
        assert again["changed"] is False, again
        assert opa.writes_since(again_mark[0]) + vault.writes_since(again_mark[1]) == []
