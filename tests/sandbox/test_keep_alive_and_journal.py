# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The sandbox is not what a benchmark measures (issue 13): connections are kept alive, reads run
side by side, and a write saves only what it changed (a journal), yet a restart loads exactly
what was there."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import threading
import time

import pytest
import requests

from pamops_sandbox import persistence
from pamops_sandbox.persistence import StateFile
from pamops_sandbox.rwlock import ReadWriteLock

from sandbox_helpers import ADMIN_USER, OKTA_API_TOKEN, Vault

SEED_WITH_USERS = """
opa:
  teams:
    - name: sandbox
      admin:
        user: sandbox-admin
        group: sandbox-admins
        key_id: 5a3b8c1e-7d2f-4e6a-9b1c-3f5e7a9c2d4b
        key_secret: c2FuZGJveA==
      bulk_service_users:
        prefix: bulk-
        count: %d
"""


def connections_opened(session, url):
    """How many connections the session has opened to ``url``'s scheme so far, all pools together."""
    pools = session.get_adapter(url).poolmanager.pools
    return sum(pools[key].num_connections for key in pools.keys())


@pytest.mark.parametrize("tls", [False, True])
def test_one_connection_serves_many_requests(start_sandbox, tls):
    api = start_sandbox(tls=tls)
    for _attempt in range(30):
        assert api.get("/service_users/%s" % ADMIN_USER).status_code == 200
        assert api.post("/service_token", json={"key_id": api.key_id, "key_secret": api.secret}, token=None).status_code == 200
    assert connections_opened(api.session, api.url) == 1


def test_the_vault_front_keeps_connections_alive(vault):
    for _attempt in range(20):
        assert vault.get("sys/health").status_code == 200
        assert vault.hook("GET", "health").status_code == 200
    assert connections_opened(vault.session, vault.url) == 1


def test_a_drop_cuts_only_that_connection(start_sandbox):
    api = start_sandbox()
    token = api.admin_token
    api.add_fault(kind="drop", methods=["GET"], path="/current_user", count=1)
    with pytest.raises(requests.ConnectionError):
        api.get("/current_user", token=token)
    # The session opens a new connection and goes on.
    assert api.get("/current_user", token=token).status_code == 200


def test_reads_run_side_by_side(start_sandbox):
    """Two slow reads (a latency fault) at once take the time of one, not of two."""
    api = start_sandbox()
    token = api.admin_token
    api.add_fault(kind="latency", delay=1.0, methods=["GET"], count=2)
    answers = []

    def read():
        with requests.Session() as session:
            answers.append(session.get(api.team_url("/service_users/%s" % ADMIN_USER), headers={"Authorization": "Bearer %s" % token}, timeout=30).status_code)

    started = time.monotonic()
    threads = [threading.Thread(target=read) for _attempt in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [200, 200]
    assert time.monotonic() - started < 1.9


# -- the lock ------------------------------------------------------------------------------------


def test_the_lock_lets_readers_share_and_writers_wait():
    lock = ReadWriteLock()
    inside = []
    both_in = threading.Event()

    def reader():
        with lock.shared():
            inside.append(1)
            if len(inside) == 2:
                both_in.set()
            assert both_in.wait(5), "the second reader did not get in beside the first"

    readers = [threading.Thread(target=reader) for _attempt in range(2)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert both_in.is_set()

    order = []

    def write():
        with lock:
            order.append("writer")

    def read():
        with lock.shared():
            order.append("reader")

    with lock.shared():
        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(0.2)
        # A waiting writer keeps new readers out; it goes first once the reader leaves.
        late_reader = threading.Thread(target=read)
        late_reader.start()
        time.sleep(0.2)
        assert order == []
    writer.join(5)
    late_reader.join(5)
    assert order == ["writer", "reader"]


def test_the_writer_may_take_the_lock_again():
    lock = ReadWriteLock()
    with lock:
        with lock:
            with lock.shared():
                pass
    with lock.shared():
        pass
    with pytest.raises(RuntimeError):
        lock.release()


# -- the journal ---------------------------------------------------------------------------------


def state_files(directory):
    return sorted(name for name in os.listdir(str(directory)) if name.startswith("state.json"))


def exercise_every_write(api):
    """One of each write the OPA API has, including those that touch several records."""
    api.create_user("svc-a")
    api.create_user("svc-b")
    key = api.new_key("svc-a")
    api.new_key("svc-a")
    assert api.delete("/service_users/svc-a/keys/%s" % key["id"]).status_code == 204
    api.create_group("readers", [api.admin_role])
    api.add_member("readers", "svc-a")
    api.add_member("readers", "svc-b")
    assert api.put("/groups/readers", json={"roles": [api.admin_role]}).status_code == 204
    assert api.delete("/groups/readers/users/svc-b").status_code == 204
    api.set_status("svc-b", "DISABLED")
    api.set_status("svc-a", "DELETED")
    api.create_group("gone", [api.admin_role])
    assert api.delete("/groups/gone").status_code == 204
    # Tokens: minted, then forgotten once expired (by the next write).
    api.token()
    api.advance(7200)
    api._admin_token = None  # pylint: disable=protected-access
    api.create_user("svc-c")


def test_the_journal_holds_exactly_what_memory_holds(start_sandbox, tmp_path):
    api = start_sandbox(persist=True)
    exercise_every_write(api)
    assert state_files(tmp_path) == ["state.json", "state.json.journal"]
    saved = StateFile(str(tmp_path / "state.json")).read()
    assert saved == api.sandbox.opa_api.snapshot()
    # The revoke hook and a reset save everything at once (a new snapshot).
    assert api.hook("POST", "faults", json={"kind": "revoke_tokens"}).status_code == 201
    assert StateFile(str(tmp_path / "state.json")).read() == api.sandbox.opa_api.snapshot()
    assert state_files(tmp_path) == ["state.json"]


def test_a_write_costs_its_change_not_the_state(start_sandbox, tmp_path):
    seed = tmp_path / "seed.yaml"
    seed.write_text(SEED_WITH_USERS % 3000)
    api = start_sandbox(state_dir=tmp_path / "state", seed_path=str(seed), persist=True)
    snapshot = tmp_path / "state" / "state.json"
    journal = tmp_path / "state" / "state.json.journal"
    before = os.stat(str(snapshot))
    assert before.st_size > 500000
    token = api.admin_token
    sizes = []
    for number in range(20):
        api.create_user("svc-%d" % number, token=token)
        sizes.append(journal.stat().st_size)
    # The snapshot was not rewritten; each write appended a few hundred bytes.
    after = os.stat(str(snapshot))
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    assert max(b - a for a, b in zip([0] + sizes, sizes)) < 1000
    start_sandbox.stop(api)
    again = start_sandbox(state_dir=tmp_path / "state", seed_path=str(seed), persist=True)
    assert again.get("/service_users/svc-19", token=token).status_code == 200


def test_a_line_cut_short_by_a_crash_is_ignored(start_sandbox, tmp_path):
    api = start_sandbox(persist=True)
    api.create_user("svc-whole")
    token = api.admin_token
    # A crash mid-append: the process dies, the last line is half there.
    state = api.sandbox.opa_api.state
    state.journal.write(b'[{"set":["opa","teams","sandbox","users","svc-half"],"val')
    state.journal.flush()
    # No clean stop either: the journal is not folded into the snapshot.
    state.close()
    api.sandbox.opa_api.state = None
    start_sandbox.stop(api)
    again = start_sandbox(persist=True)
    assert again.get("/service_users/svc-whole", token=token).status_code == 200
    assert again.get("/service_users/svc-half", token=token).status_code == 404
    # The journal was folded in at start: new writes are not hidden behind the cut line.
    assert state_files(tmp_path) == ["state.json"]
    again.create_user("svc-after")
    again.sandbox.opa_api.state.close()
    again.sandbox.opa_api.state = None
    start_sandbox.stop(again)
    third = start_sandbox(persist=True)
    assert third.get("/service_users/svc-after", token=token).status_code == 200


def test_a_long_journal_is_folded_into_the_snapshot(start_sandbox, tmp_path, monkeypatch):
    monkeypatch.setattr(persistence, "MIN_COMPACTION_BYTES", 0)
    api = start_sandbox(persist=True)
    token = api.admin_token
    for number in range(40):
        api.create_user("svc-%d" % number, token=token)
        journal = tmp_path / "state.json.journal"
        if journal.exists():
            assert journal.stat().st_size < (tmp_path / "state.json").stat().st_size
    assert StateFile(str(tmp_path / "state.json")).read() == api.sandbox.opa_api.snapshot()


def test_the_vault_journal_holds_exactly_what_memory_holds(start_sandbox, tmp_path):
    api = start_sandbox(vault=True, vault_port=0, bao_port=0, persist=True)
    vault = Vault(api.sandbox)
    front = api.sandbox.vault_front
    try:
        vault.okta(api_token=OKTA_API_TOKEN)
        vault.okta("second")
        vault.write("sys/auth/okta/tune", {"description": "tuned", "default_lease_ttl": "1h"})
        vault.write("auth/okta/users/alice", {"groups": "g", "policies": "p"})
        vault.write("auth/okta/users/bob", {"policies": "p"})
        assert vault.delete("auth/okta/users/bob").status_code == 204
        # Groups match ignoring case (vault-okta-api.md §3.2): the stored name is written.
        vault.write("auth/okta/groups/Engineering", {"policies": "e"})
        vault.write("auth/okta/groups/ENGINEERING", {"policies": "e2"})
        vault.write("auth/okta/groups/ops", {"policies": "o"})
        assert vault.delete("auth/okta/groups/OPS").status_code == 204
        vault.configure(token_ttl="2h")
        assert vault.delete("sys/auth/second").status_code == 204
        assert front.state.read() == front.snapshot()
        assert (tmp_path / "vault.json.journal").exists()
    finally:
        vault.close()
