# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generators of what users really write in playbooks, and of what the services already hold."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from hypothesis import strategies as st

# Letters whose case rules differ between Go and Python, or that fold with another letter:
# é/É, ß/ẞ, the long s (folds with s), the Kelvin sign (folds with k), dotted capital I (Go
# lower-cases it to "i"), dotless small i (folds with nothing in Go), and an emoji.
UNICODE_LETTERS = "\u00e9\u00c9\u00df\u1e9e\u017f\u212a\u0130\u0131\U0001f642"
VAULT_NAME_ALPHABET = "abksKSXYZ019-_." + UNICODE_LETTERS


def _vault_name_ok(name):
    # "." and ".." segments never reach Vault: HTTP clients and Go's router resolve them away.
    segments = name.split("/")
    return name.strip() == name and all(segment not in ("", ".", "..") for segment in segments)


def vault_group_names():
    """Okta group names as people write them: mixed case, nested (``a/b``), unicode, spaces inside."""
    return st.text(alphabet=VAULT_NAME_ALPHABET + " /", min_size=1, max_size=8).filter(_vault_name_ok)


def case_variant(name):
    """The same name in another case, letter by letter (what a second author types)."""
    return st.lists(st.booleans(), min_size=len(name), max_size=len(name)).map(
        lambda flips: "".join(c.upper() if flip and len(c.upper()) == 1 else c for c, flip in zip(name, flips))
    )


def names_near(existing, fresh):
    """A name: one that exists (as stored, or in another case) or a fresh one."""
    if not existing:
        return fresh
    known = st.sampled_from(sorted(existing))
    return st.one_of(known, known.flatmap(case_variant), fresh)


POLICY_WORDS = ("root", "default", "Default", "ROOT", "admin", "Admin", " admin ", "ops", "OPS", "dev-team", "", "  ", "r\u00e9seau", "\u0130nfra")


def policy_lists():
    """Policy lists: known words in several cases and spacings, duplicates, root and default, empty strings."""
    word = st.one_of(st.sampled_from(POLICY_WORDS), st.text(alphabet="abcXY-_ ", min_size=1, max_size=6))
    return st.lists(word, max_size=6)


def comma_string(values):
    """A list as a user may write it: the YAML list itself, or one comma-separated string (Ansible
    splits ``type=list`` strings on commas, without trimming)."""
    joinable = values and all("," not in v for v in values) and any(v for v in values)
    return st.one_of(st.just(list(values)), st.just(",".join(values) if joinable else list(values)))


def optional(strategy):
    """Left out (None) or given."""
    return st.one_of(st.none(), strategy)
