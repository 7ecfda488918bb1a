# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The property suite's fixtures and Hypothesis profile.

PROPERTY_EXAMPLES sets the examples per test (default 500, as ``make property`` runs it;
PROPERTY_EXAMPLES=30 for a quick local run). PROPERTY_SEED makes a run reproduce another:
``make property`` derandomises (the same examples every run, so a CI failure reproduces), and a
seed picks another deterministic set. No example database is written: shrunk failures become
@example cases in the tests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys
import tempfile

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Opa, Vault, make_collections_root  # noqa: E402  pylint: disable=wrong-import-position

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "500"))
SEED = os.environ.get("PROPERTY_SEED")

settings.register_profile(
    "property",
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=SEED is None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
settings.load_profile("property")
TIMINGS = []

make_collections_root(tempfile.mkdtemp(prefix="pamops-property-"))


def pytest_configure(config):
    if SEED is not None:
        # Hypothesis' own option: the same seed gives the same examples.
        config.option.hypothesis_seed = int(SEED)


@pytest.fixture(name="sandbox", scope="session")
def sandbox_fixture(tmp_path_factory):
    """One sandbox for the session (OPA API, OpenBao and the Vault front), on free ports."""
    from pamops_sandbox.server import Sandbox

    sandbox = Sandbox(state_dir=str(tmp_path_factory.mktemp("sandbox")), persist=False, opa_port=0, vault=True, vault_port=0, bao_port=0)
    sandbox.serve_in_threads()
    yield sandbox
    sandbox.shutdown()


@pytest.fixture(name="opa", scope="session")
def opa_fixture(sandbox):
    return Opa(sandbox.environment())


@pytest.fixture(name="vault", scope="session")
def vault_fixture(sandbox):
    return Vault(sandbox.environment())


def pytest_runtest_logreport(report):
    # A report hook rather than a fixture: with pytest-xdist the reports reach the controller,
    # which prints the summary, while fixtures run in the workers.
    if report.when == "call":
        TIMINGS.append((report.nodeid, report.duration))


def pytest_terminal_summary(terminalreporter):
    if TIMINGS:
        terminalreporter.write_sep("-", "property tests: %d examples each (PROPERTY_EXAMPLES), seconds per test" % EXAMPLES)
        for nodeid, seconds in TIMINGS:
            terminalreporter.write_line("%8.1f  %s" % (seconds, nodeid))
        terminalreporter.write_line("%8.1f  total" % sum(seconds for _nodeid, seconds in TIMINGS))
