# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The /_sandbox/ test hooks: request log, faults, reset, config, clock, and loopback-only access."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import logging
import random
import socket
import time

import pytest
import requests
from werkzeug.test import Client

from pamops_sandbox.hooks import _is_loopback

from sandbox_helpers import ADMIN_USER, SECOND_KEY_ID, SECOND_SECRET, SECOND_TEAM, assert_error, parse_time

LOG_FIELDS = {"time", "method", "path", "query", "route", "principal", "status", "fault", "duration_ms", "seq"}
DEFAULT_CONFIG = {
    "token_lifetime": 3600.0,
    "key_grace": 172800.0,
    "max_keys_per_user": 0,
    "rate_limit": 0,
    "rate_limit_window": 60.0,
    "public_base_url": "",
    "missing_role_status": 403,
    "user_groups_refusal_status": 0,
}


def test_health(api):
    response = api.hook("GET", "health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "service": "opa"}


# -- request log -------------------------------------------------------------------------------


def test_request_log_entries_and_counts(api):
    token = api.admin_token
    assert api.hook("DELETE", "requests").status_code == 204
    before = api.now()
    api.get("/service_users", params={"contains": "svc"}, token=token)
    api.post("/service_users", json={"name": "svc-logged"}, token=token)
    api.get("/service_users/nobody", token=token)
    api.get("/service_users", token=None)
    log = api.requests_log()
    assert log["total"] == 4
    assert log["writes"] == 1
    assert log["counts"] == {
        "GET /v1/teams/<team>/service_users": 2,
        "POST /v1/teams/<team>/service_users": 1,
        "GET /v1/teams/<team>/service_users/<user_name>": 1,
    }
    entries = log["requests"]
    assert all(set(entry) == LOG_FIELDS for entry in entries)
    assert [(e["method"], e["path"], e["query"], e["status"], e["principal"]) for e in entries] == [
        ("GET", "/v1/teams/sandbox/service_users", "contains=svc", 200, ADMIN_USER),
        ("POST", "/v1/teams/sandbox/service_users", "", 201, ADMIN_USER),
        ("GET", "/v1/teams/sandbox/service_users/nobody", "", 404, ADMIN_USER),
        ("GET", "/v1/teams/sandbox/service_users", "", 401, None),
    ]
    assert entries[0]["route"] == "/v1/teams/<team>/service_users"
    assert all(entry["fault"] is None for entry in entries)
    assert all(before - 1 <= entry["time"] <= api.now() + 1 for entry in entries)
    assert all(entry["duration_ms"] >= 0 for entry in entries)
    seqs = [entry["seq"] for entry in entries]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert log["last_seq"] == seqs[-1]


def test_request_log_writes_ignore_reads_and_tokens(api):
    api.mint()
    api.get("/service_users")
    api.get("/groups")
    log = api.requests_log()
    # Minting a token is not a write: "check mode made no write" stays true.
    assert log["writes"] == 0
    assert log["counts"] == {"POST /v1/teams/<team>/service_token": 2, "GET /v1/teams/<team>/service_users": 1, "GET /v1/teams/<team>/groups": 1}
    api.put("/groups/sandbox-admins", json={"roles": [api.admin_role]})
    api.delete("/groups/nothing")
    assert api.requests_log()["writes"] == 2


def test_request_log_unrouted_requests_are_counted_by_path(api):
    api.request("GET", api.url + "/v1/nothing")
    api.delete("/service_users/%s" % ADMIN_USER)
    counts = api.requests_log()["counts"]
    assert counts["GET /v1/nothing"] == 1
    assert counts["DELETE /v1/teams/sandbox/service_users/%s" % ADMIN_USER] == 1


def test_request_log_since(api):
    token = api.admin_token
    mark = api.requests_log()["last_seq"]
    api.get("/groups", token=token)
    api.get("/groups", token=token)
    log = api.requests_log(since=mark)
    assert log["total"] == 2
    assert [entry["seq"] for entry in log["requests"]] == [mark + 1, mark + 2]
    assert log["counts"] == {"GET /v1/teams/<team>/groups": 2}
    assert api.requests_log(since=log["last_seq"])["total"] == 0


def test_clearing_the_request_log(api):
    api.get("/current_user")
    last = api.requests_log()["last_seq"]
    response = api.hook("DELETE", "requests")
    assert response.status_code == 204
    log = api.requests_log()
    assert (log["total"], log["requests"], log["counts"], log["writes"]) == (0, [], {}, 0)
    # Sequence numbers keep counting, so a ``since`` taken earlier stays meaningful.
    api.get("/current_user")
    assert api.requests_log()["requests"][0]["seq"] == last + 1


def test_hooks_are_not_logged(api):
    api.hook("GET", "health")
    api.hook("GET", "faults")
    api.hook("GET", "clock")
    assert api.requests_log()["total"] == 0


# -- faults ------------------------------------------------------------------------------------


def test_latency_fault(api):
    token = api.admin_token
    added = api.add_fault(kind="latency", delay=0.3, count=1)
    assert added["faults"][0]["kind"] == "latency"
    assert added["faults"][0]["delay"] == 0.3
    started = time.monotonic()
    assert api.get("/current_user", token=token).status_code == 200
    slow = time.monotonic() - started
    started = time.monotonic()
    assert api.get("/current_user", token=token).status_code == 200
    fast = time.monotonic() - started
    assert slow >= 0.3
    assert fast < 0.25
    entries = api.requests_log()["requests"]
    assert entries[-2]["fault"] == "latency" and entries[-2]["duration_ms"] >= 300
    assert entries[-1]["fault"] is None


def test_error_fault_with_status_and_count(api):
    token = api.admin_token
    added = api.add_fault(kind="error", status=502, count=2)
    assert added == {
        "faults": [
            {"id": 1, "kind": "error", "status": 502, "delay": 0.0, "methods": [], "path": None, "probability": 1.0, "remaining": 2, "fired": 0}
        ],
        "revoked_tokens": None,
    }
    for attempt in range(2):
        response = api.get("/current_user", token=token)
        body = assert_error(response, 502, "unknown_error")
        assert "502" in body["message"], attempt
    assert api.get("/current_user", token=token).status_code == 200
    faults = api.hook("GET", "faults").json()["faults"]
    assert [(f["remaining"], f["fired"]) for f in faults] == [(0, 2)]
    assert [e["fault"] for e in api.requests_log()["requests"][-3:]] == ["error", "error", None]


def test_error_fault_matching_method_and_path(api):
    token = api.admin_token
    api.add_fault(kind="error", status=503, methods=["post"], path="/service_users$")
    assert api.get("/service_users", token=token).status_code == 200
    assert_error(api.post("/service_users", json={"name": "svc-faulted"}, token=token), 503, "service_offline")
    assert api.post("/groups", json={"name": "unfaulted", "roles": []}, token=token).status_code == 201
    assert_error(api.get("/service_users/svc-faulted", token=token), 404, "resource_does_not_exist")


def test_error_fault_skip(api):
    token = api.admin_token
    api.add_fault(kind="error", status=500, skip=2, count=1)
    statuses = [api.get("/current_user", token=token).status_code for index in range(4)]
    assert statuses == [200, 200, 500, 200]


def test_probability_is_deterministic(start_sandbox):
    # The fault's random numbers come from random.Random(0) (TestHooks' seed): a fresh sandbox
    # faults exactly the same requests every run.
    api = start_sandbox()
    token = api.admin_token
    draws = random.Random(0)
    expected = [draws.random() < 0.3 for index in range(60)]
    assert 5 < sum(expected) < 55
    api.add_fault(kind="error", status=500, probability=0.3, path="/current_user$")
    faulted = [api.get("/current_user", token=token).status_code == 500 for index in range(60)]
    assert faulted == expected
    assert api.hook("GET", "faults").json()["faults"][0]["fired"] == sum(expected)


def test_drop_fault_closes_the_connection_and_changes_nothing(api, caplog):
    token = api.admin_token
    api.add_fault(kind="drop", methods=["POST"], count=1)
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        with pytest.raises(requests.ConnectionError):
            api.post("/service_users", json={"name": "svc-dropped"}, token=token)
        assert_error(api.get("/service_users/svc-dropped", token=token), 404, "resource_does_not_exist")
    # The unread request body is not taken for a next request on the dropped connection.
    assert [record.getMessage() for record in caplog.records if record.name == "werkzeug"] == []
    entry = [e for e in api.requests_log()["requests"] if e["method"] == "POST"][-1]
    assert (entry["fault"], entry["status"]) == ("drop", "dropped")
    assert api.post("/service_users", json={"name": "svc-dropped"}, token=token).status_code == 201


def test_lost_response_applies_the_change(api):
    token = api.admin_token
    api.add_fault(kind="lost_response", methods=["POST"], count=1)
    with pytest.raises(requests.ConnectionError):
        api.post("/service_users", json={"name": "svc-lost"}, token=token)
    response = api.get("/service_users/svc-lost", token=token)
    assert response.status_code == 200
    assert response.json()["status"] == "ACTIVE"
    entry = [e for e in api.requests_log()["requests"] if e["method"] == "POST"][-1]
    assert (entry["fault"], entry["status"]) == ("lost_response", "lost")
    # A retry of the lost create meets the user it made.
    assert_error(api.post("/service_users", json={"name": "svc-lost"}, token=token), 409, "resource_already_exists")


def test_rate_limit_storm(api):
    token = api.admin_token
    api.add_fault(kind="rate_limit", retry_after=5, count=2)
    now = api.now()
    for attempt in range(2):
        response = api.post("/service_users", json={"name": "svc-storm"}, token=token)
        assert_error(response, 429, "too_many_requests")
        retry_at = int(response.headers["X-RateLimit-Retry-At"])
        assert now + 5 <= retry_at <= now + 7, attempt
        assert response.headers["X-RateLimit-Remaining"] == "0"
        assert int(response.headers["X-RateLimit-Reset"]) == retry_at
        assert "X-RateLimit-Limit" in response.headers
    assert_error(api.get("/service_users/svc-storm", token=token), 404, "resource_does_not_exist")
    assert api.post("/service_users", json={"name": "svc-storm"}, token=token).status_code == 201


def test_revoke_tokens_fault_revokes_every_team(api):
    first = api.token()
    second = api.token()
    other = api.token(SECOND_KEY_ID, SECOND_SECRET, team=SECOND_TEAM)
    response = api.hook("POST", "faults", json=[{"kind": "revoke_tokens"}, {"kind": "error", "status": 500, "count": 1, "path": "^/nowhere$"}])
    assert response.status_code == 201
    body = response.json()
    assert body["revoked_tokens"] == 3
    assert [fault["kind"] for fault in body["faults"]] == ["error"]
    assert_error(api.get("/current_user", token=first), 401, "authentication_error")
    assert_error(api.get("/current_user", token=second), 401, "authentication_error")
    assert_error(api.get("/current_user", token=other, team=SECOND_TEAM), 401, "authentication_error")
    # revoke_tokens is an action, not a standing fault.
    assert [fault["kind"] for fault in api.hook("GET", "faults").json()["faults"]] == ["error"]
    assert api.get("/current_user", token=api.token()).status_code == 200


def test_clearing_faults(api):
    token = api.admin_token
    api.add_fault(kind="error", status=500)
    assert api.get("/current_user", token=token).status_code == 500
    assert api.hook("DELETE", "faults").status_code == 204
    assert api.hook("GET", "faults").json() == {"faults": []}
    assert api.get("/current_user", token=token).status_code == 200


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {},
        {"kind": "error", "status": 418},
        {"kind": "error", "probability": 1.5},
        {"kind": "latency", "delay": "slow"},
        {"kind": "error", "path": "("},
        {"kind": "error", "count": "two"},
        ["not-a-fault"],
    ],
)
def test_bad_fault_specs_are_400(api, spec):
    token = api.admin_token
    response = api.hook("POST", "faults", json=spec)
    assert response.status_code == 400
    assert response.json()["message"].startswith("bad hook request")
    assert api.hook("GET", "faults").json() == {"faults": []}
    assert api.get("/current_user", token=token).status_code == 200


def test_fault_body_must_be_json(api):
    response = api.hook("POST", "faults", data="kind=error")
    assert response.status_code == 400


# -- reset, config, clock ------------------------------------------------------------------------


def test_reset(api):
    token = api.admin_token
    api.create_user("svc-before-reset")
    api.create_group("before-reset", [])
    api.add_fault(kind="error", status=500, path="^/nowhere$")
    api.advance(1000)
    response = api.hook("POST", "reset")
    assert response.status_code == 204
    assert api.hook("GET", "faults").json() == {"faults": []}
    assert api.requests_log()["total"] == 0
    assert api.hook("GET", "clock").json()["offset"] == 0
    # Back to the seed: old tokens are gone, the seeded key still works.
    assert_error(api.get("/current_user", token=token), 401, "authentication_error")
    fresh = api.token()
    assert api.names(api.get("/service_users", token=fresh)) == [ADMIN_USER]
    assert api.names(api.get("/groups", token=fresh)) == ["sandbox-admins"]
    assert api.get("/groups/sandbox-admins", token=fresh).json()["roles"] == [api.admin_role]


def test_config_get_and_put(api):
    response = api.hook("GET", "config")
    assert response.status_code == 200
    assert response.json() == dict(DEFAULT_CONFIG, flavor=api.flavor)
    updated = api.configure(token_lifetime=120, rate_limit="5")
    assert updated == dict(DEFAULT_CONFIG, flavor=api.flavor, token_lifetime=120.0, rate_limit=5)
    assert api.hook("GET", "config").json() == updated
    now = api.now()
    assert abs(parse_time(api.mint().json()["expires_at"]) - (now + 120)) <= 2


@pytest.mark.parametrize(
    "settings, words",
    [
        ({"no_such_setting": 1}, "unknown setting"),
        ({"flavor": "asa"}, "fixed"),
        ({"flavor": "opa"}, "fixed"),
        ({"token_lifetime": -1}, "negative"),
        ({"rate_limit": "many"}, "bad hook request"),
    ],
)
def test_config_refuses(api, settings, words):
    response = api.hook("PUT", "config", json=settings)
    assert response.status_code == 400
    assert words in response.json()["message"]
    assert api.hook("GET", "config").json() == dict(DEFAULT_CONFIG, flavor=api.flavor)


def test_clock(api):
    response = api.hook("GET", "clock")
    assert response.status_code == 200
    clock = response.json()
    assert clock["offset"] == 0
    assert abs(clock["now"] - time.time()) < 2
    response = api.hook("POST", "clock", json={"advance": 7200})
    assert response.status_code == 200
    assert response.json()["offset"] == 7200
    assert abs(response.json()["now"] - (time.time() + 7200)) < 2
    api.advance(0.5)
    assert api.hook("GET", "clock").json()["offset"] == 7200.5
    assert api.hook("POST", "clock", json={"advance": -1}).status_code == 400
    assert api.hook("POST", "clock", data="later").status_code == 400
    assert api.hook("GET", "clock").json()["offset"] == 7200.5


def test_clock_moves_issued_times(api):
    api.create_user("svc-future")
    api.advance(1800)
    key = api.new_key("svc-future")
    assert abs(parse_time(key["issued_at"]) - (time.time() + 1800)) < 3


@pytest.mark.parametrize("method, name", [("GET", "nothing"), ("PUT", "requests"), ("GET", "reset"), ("DELETE", "clock")])
def test_unknown_hooks_are_404(api, method, name):
    response = api.hook(method, name)
    assert response.status_code == 404
    assert "no sandbox hook" in response.json()["message"]


# -- loopback only -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address, expected",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("10.1.2.3", False),
        ("192.168.0.1", False),
        ("::ffff:10.1.2.3", False),
        ("fe80::1%eth0", False),
        ("localhost", False),
        ("", False),
        (None, False),
    ],
)
def test_is_loopback(address, expected):
    assert _is_loopback(address) is expected


@pytest.mark.parametrize(
    "method, name, body",
    [
        ("GET", "requests", None),
        ("DELETE", "requests", None),
        ("POST", "reset", None),
        ("POST", "faults", {"kind": "error", "status": 500}),
        ("POST", "faults", {"kind": "revoke_tokens"}),
        ("PUT", "config", {"rate_limit": 1}),
        ("POST", "clock", {"advance": 5}),
        ("GET", "health", None),
    ],
)
def test_hooks_refuse_non_loopback_clients(api, method, name, body):
    token = api.admin_token
    api.create_user("svc-kept")
    client = Client(api.sandbox.opa_app)
    response = client.open("/_sandbox/%s" % name, method=method, json=body, environ_overrides={"REMOTE_ADDR": "10.1.2.3"})
    assert response.status_code == 403
    assert response.get_json() == {"message": "the /_sandbox/ hooks answer loopback clients only"}
    # Nothing happened, and a loopback caller is still served.
    assert api.get("/service_users/svc-kept", token=token).status_code == 200
    assert api.hook("GET", "clock").json()["offset"] == 0
    assert api.hook("GET", "faults").json() == {"faults": []}
    assert api.hook("GET", "config").json()["rate_limit"] == 0
    assert api.requests_log()["total"] == 3
    local = client.get("/_sandbox/health", environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
    assert local.status_code == 200
    assert local.get_json() == {"status": "ok", "service": "opa"}


def test_the_api_itself_answers_any_client(api):
    client = Client(api.sandbox.opa_app)
    response = client.post(
        "/v1/teams/sandbox/service_token", json={"key_id": api.key_id, "key_secret": api.secret}, environ_overrides={"REMOTE_ADDR": "10.1.2.3"}
    )
    assert response.status_code == 200


@pytest.mark.skipif(not socket.has_ipv6, reason="needs IPv6")
def test_hooks_answer_ipv4_loopback_on_a_dual_stack_listener(start_sandbox):
    api = start_sandbox(host="::")
    port = api.sandbox.opa_server.server_port
    response = requests.get("http://127.0.0.1:%d/_sandbox/health" % port, timeout=5)
    assert response.status_code == 200
    assert requests.get("http://[::1]:%d/_sandbox/health" % port, timeout=5).status_code == 200


def test_reset_restores_the_settings_the_sandbox_started_with(api):
    api.configure(rate_limit=7, max_keys_per_user=2, token_lifetime=60)
    assert api.hook("POST", "reset").status_code == 204
    assert api.hook("GET", "config").json() == dict(DEFAULT_CONFIG, flavor=api.flavor)


def test_a_bad_item_in_a_fault_list_adds_none_of_them(api):
    response = api.hook("POST", "faults", json=[{"kind": "latency", "delay": 0.1}, {"kind": "error", "status": 418}])
    assert response.status_code == 400
    assert api.hook("GET", "faults").json() == {"faults": []}


def test_a_config_update_with_one_bad_value_changes_nothing(api):
    response = api.hook("PUT", "config", json={"rate_limit": 5, "key_grace": -1})
    assert response.status_code == 400
    assert api.hook("GET", "config").json() == dict(DEFAULT_CONFIG, flavor=api.flavor)


def test_rate_limit_times_follow_real_time_even_when_the_sandbox_clock_moved(api):
    # Clients compare X-RateLimit-Retry-At with their own clocks, which the clock hook does not move.
    assert api.admin_token
    api.advance(3600)
    api.add_fault(kind="rate_limit", retry_after=2, count=1)
    response = api.get("/current_user")
    assert response.status_code == 429
    assert time.time() < int(response.headers["X-RateLimit-Retry-At"]) <= time.time() + 4
    assert time.time() < int(api.get("/current_user").headers["X-RateLimit-Reset"]) <= time.time() + 62
