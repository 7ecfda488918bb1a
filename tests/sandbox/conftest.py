# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures: a real sandbox on an ephemeral loopback port, one per test, in both flavours; and one
shared sandbox with Vault (OpenBao plus the Vault front) for the Vault tests."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

import pytest

from pamops_sandbox.server import Sandbox

from sandbox_helpers import FLAVORS, Api, Vault


@pytest.fixture(name="shutdowns", scope="session")
def shutdowns_fixture():
    """Shutdown threads of every sandbox of the session, joined (and checked) at its end.

    ``Sandbox.shutdown()`` waits for the server's poll interval (0.1 s); running it beside the next
    test instead of before it keeps a suite of hundreds of fresh sandboxes fast.
    """
    threads = []
    yield threads
    for thread in threads:
        thread.join(10)
    assert not [thread for thread in threads if thread.is_alive()], "a sandbox did not shut down"


@pytest.fixture(name="start_sandbox")
def start_sandbox_fixture(tmp_path, shutdowns):
    """Start sandboxes in-process (``opa_port=0``); every one is shut down after the test."""
    started = []

    def start(flavor="opa", persist=False, state_dir=None, **kwargs):
        sandbox = Sandbox(state_dir=str(state_dir or tmp_path), persist=persist, flavor=flavor, opa_port=0, **kwargs)
        sandbox.serve_in_threads()
        client = Api(sandbox, flavor)
        started.append(client)
        return client

    def stop(client):
        """Shut one sandbox down now, and wait for it (a restart on the same state directory)."""
        started.remove(client)
        client.close()
        client.sandbox.shutdown()

    start.stop = stop
    yield start
    for client in started:
        client.close()
        thread = threading.Thread(target=client.sandbox.shutdown, daemon=True)
        thread.start()
        shutdowns.append(thread)


@pytest.fixture(name="api", params=FLAVORS)
def api_fixture(request, start_sandbox):
    """A fresh sandbox of each flavour (``opa`` and ``asa``), seeded with the default seed."""
    return start_sandbox(flavor=request.param)


@pytest.fixture(name="vault_sandbox", scope="session")
def vault_sandbox_fixture(tmp_path_factory):
    """One sandbox with OpenBao and the Vault front, on free ports, for every Vault test."""
    sandbox = Sandbox(state_dir=str(tmp_path_factory.mktemp("vault")), persist=False, opa_port=0, vault=True, vault_port=0, bao_port=0)
    sandbox.serve_in_threads()
    yield sandbox
    sandbox.shutdown()


@pytest.fixture(name="vault")
def vault_fixture(vault_sandbox):
    """The shared Vault front, cleaned for this test: no faults, an empty request log, no auth mount
    but ``token/`` in the root namespace (so no emulated mount either). OpenBao keeps policies and
    tokens between tests (a restart costs 0.6 s): tests name theirs uniquely or overwrite them."""
    client = Vault(vault_sandbox)
    client.clean()
    yield client
    client.close()
