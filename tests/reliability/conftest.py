# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures of the reliability suite: the collection where ansible-playbook finds it, one fresh
sandbox (OPA API, OpenBao and the Vault front, on free ports) per scenario, and the table of
figures printed at the end of the run."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from pamops_sandbox.server import Sandbox

from reliability_helpers import HERE, Ansible, Opa, Vault

REPOSITORY = os.path.dirname(os.path.dirname(HERE))
SEED = os.path.join(HERE, "sandbox-seed.yaml")
FIGURES = []
# Every check-mode run of the suite, with the writes that reached (OPA, Vault) during it.
CHECK_RUNS = []


@pytest.fixture(name="collections_root", scope="session")
def collections_root_fixture(tmp_path_factory):
    """ansible_collections/pamops/okta pointing at this checkout, so the suite runs the code as it is."""
    root = tmp_path_factory.mktemp("collections")
    namespace = root / "ansible_collections" / "pamops"
    namespace.mkdir(parents=True)
    (namespace / "okta").symlink_to(REPOSITORY)
    return str(root)


class Lab:
    """One fresh sandbox and the ways to drive it (ansible-playbook) and read it (opa, vault)."""

    def __init__(self, sandbox, collections_root, work_dir):
        self.sandbox = sandbox
        self.environment = sandbox.environment()
        self.opa = Opa(self.environment)
        self.vault = Vault(self.environment)
        self.ansible = Ansible(collections_root, self.environment, work_dir)

    def services(self):
        return (self.opa, self.vault)

    def add_faults(self, faults):
        for service in self.services():
            service.add_faults(faults)

    def clear_faults(self):
        for service in self.services():
            service.clear_faults()

    def marks(self):
        return tuple(service.log_mark() for service in self.services())

    def writes_since(self, marks):
        """Writes that reached each service since ``marks`` (hooks' own count: non-GET, no logins)."""
        return tuple(service.requests_since(mark)["writes"] for service, mark in zip(self.services(), marks))

    def check_run(self, figure, playbook, extra_vars=None, **kwargs):
        """Run ``playbook`` in check mode and record the writes that reached either service."""
        marks = self.marks()
        run = self.ansible.run(playbook, extra_vars, check=True, **kwargs)
        opa_writes, vault_writes = self.writes_since(marks)
        CHECK_RUNS.append((figure.test_name, playbook, opa_writes, vault_writes))
        figure("check mode %s: writes reaching OPA, Vault" % playbook, "%d, %d" % (opa_writes, vault_writes), "0, 0", opa_writes == vault_writes == 0)
        return run


@pytest.fixture(name="lab")
def lab_fixture(tmp_path, collections_root):
    sandbox = Sandbox(
        state_dir=str(tmp_path / "sandbox"), persist=False, seed_path=SEED, opa_port=0, vault=True, vault_port=0, bao_port=0
    )
    sandbox.serve_in_threads()
    work_dir = tmp_path / "work"
    work_dir.mkdir()
    try:
        yield Lab(sandbox, collections_root, str(work_dir))
    finally:
        sandbox.shutdown()


class Figures:
    """The figures one scenario measures: each is printed and goes into the summary table; the
    scenario then fails naming every target it missed, so one miss hides no other figure."""

    def __init__(self, test_name):
        self.test_name = test_name
        self.missed = []

    def __call__(self, name, value, target, ok, detail=None):
        FIGURES.append((self.test_name, name, str(value), target, "ok" if ok else "MISSED"))
        print("%s: %s (target %s) %s" % (name, value, target, "ok" if ok else "MISSED"))
        if detail:
            print("  " + "\n  ".join(str(line) for line in detail))
        if not ok:
            self.missed.append("%s = %s, target %s%s" % (name, value, target, "; e.g. %s" % "; ".join(str(d) for d in detail[:5]) if detail else ""))

    def assert_targets(self):
        assert not self.missed, "missed targets:\n" + "\n".join(self.missed)


@pytest.fixture(name="figure")
def figure_fixture(request):
    """``figure(name, value, target, ok, detail)``: one figure; ``figure.assert_targets()`` at the end."""
    return Figures(request.node.name)


def pytest_terminal_summary(terminalreporter):
    if not FIGURES:
        return
    if CHECK_RUNS:
        # Each scenario fails on its own check-mode writes; this row sums them over the suite.
        writes = sum(run[2] + run[3] for run in CHECK_RUNS)
        runs_and_writes = "%d / %d" % (len(CHECK_RUNS), writes)
        FIGURES.append(("F (whole suite)", "check-mode runs / writes reaching either service", runs_and_writes, "0 writes", "ok" if writes == 0 else "MISSED"))
    terminalreporter.section("reliability figures (issue 11 targets)")
    widths = [max(len(row[column]) for row in FIGURES + [("test", "figure", "value", "target", "")]) for column in range(5)]
    line = "  ".join("%-*s" % (width, title) for width, title in zip(widths, ("test", "figure", "value", "target", "")))
    terminalreporter.write_line(line)
    for row in FIGURES:
        terminalreporter.write_line("  ".join("%-*s" % (width, cell) for width, cell in zip(widths, row)))
