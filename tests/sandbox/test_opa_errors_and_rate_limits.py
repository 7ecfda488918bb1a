# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Error bodies (opa-api.md §5), unknown paths and methods, and rate limits (§7)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest

from sandbox_helpers import ADMIN_USER, SECOND_KEY_ID, SECOND_SECRET, SECOND_TEAM, assert_error

RATE_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


def test_documented_error_types(api):
    """One request per documented id the simulator uses; each answer is JSON {message, type}."""
    api.configure(max_keys_per_user=1)
    api.create_user("svc-one")
    api.new_key("svc-one")
    assert_error(api.post("/service_users", json={"name": "bad name"}), 400, "invalid_request", path="name")
    assert_error(api.get("/service_users", token=None), 401, "authentication_error")
    assert_error(api.get("/service_users", token=api.user_with_token("svc-nobody")), 403, "forbidden_error")
    assert_error(api.post("/service_users/svc-one/keys"), 403, "quota_exceeded")
    assert_error(api.get("/service_users/nobody"), 404, "resource_does_not_exist")
    assert_error(api.post("/service_users", json={"name": "svc-one"}), 409, "resource_already_exists")
    assert_error(api.post("/service_users", data="name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}), 415, "unsupported_content_type")
    api.configure(rate_limit=1)
    assert api.get("/current_user").status_code == 200
    assert_error(api.get("/current_user"), 429, "too_many_requests")


@pytest.mark.parametrize("status, error_type", [(500, "unknown_error"), (502, "unknown_error"), (503, "service_offline"), (504, "gateway_timeout")])
def test_server_error_types(api, status, error_type):
    token = api.admin_token
    api.add_fault(kind="error", status=status, count=1)
    assert_error(api.get("/current_user", token=token), status, error_type)
    assert api.get("/current_user", token=token).status_code == 200


@pytest.mark.parametrize(
    "data, content_type",
    [
        ('{"name": "svc-x"}', "text/plain"),
        ('{"name": "svc-x"}', None),
        ("name=svc-x", "application/x-www-form-urlencoded"),
        ('["svc-x"]', "application/json"),
        ('"svc-x"', "application/json"),
        ("{broken", "application/json"),
        ("", "application/json"),
    ],
)
def test_non_json_bodies_are_415(api, data, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_error(api.post("/service_users", data=data, headers=headers), 415, "unsupported_content_type")
    assert_error(api.get("/service_users/svc-x"), 404, "resource_does_not_exist")


def test_json_with_a_charset_is_accepted(api):
    response = api.post("/service_users", data='{"name": "svc-utf8"}', headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 201


@pytest.mark.parametrize(
    "method, path, allow",
    [
        ("DELETE", "/service_users/%s" % ADMIN_USER, "GET, HEAD, PUT"),
        ("PATCH", "/service_users", "GET, HEAD, POST"),
        ("PUT", "/service_token", "POST"),
        ("GET", "/service_users/%s/keys/KEY" % ADMIN_USER, "DELETE"),
    ],
)
def test_unknown_method_is_405(api, method, path, allow):
    response = api.call(method, path.replace("KEY", api.key_id), json={})
    body = assert_error(response, 405, "invalid_request")
    assert method in body["message"]
    assert response.headers["Allow"] == allow


@pytest.mark.parametrize(
    "path", ["/v1/teams/sandbox/no_such_thing", "/v1/teams/sandbox/service_users/a/b/c", "/v1/nothing", "/", "/v2/teams/sandbox/service_users"]
)
def test_unknown_path_is_404(api, path):
    response = api.follow(api.url + path)
    assert_error(response, 404, "resource_does_not_exist")


def test_a_token_for_another_team_is_401(api):
    assert_error(api.get("/service_users", team=SECOND_TEAM), 401, "authentication_error")
    assert_error(api.get("/service_users", team="no-such-team"), 401, "authentication_error")


def rate_headers(response):
    values = {name: response.headers[name] for name in RATE_HEADERS}
    assert all(value.isdigit() for value in values.values()), values
    return {name: int(value) for name, value in values.items()}


def test_rate_limit_headers_on_every_response(api):
    token = api.admin_token
    now = api.now()
    answers = [
        api.mint(),
        api.mint(secret="wrong"),
        api.mint(key_id="bad"),
        api.get("/service_users"),
        api.post("/service_users", json={"name": "svc-headers"}),
        api.put("/groups/sandbox-admins", json={"roles": [api.admin_role]}),
        api.get("/service_users/nobody"),
        api.get("/service_users", token=None),
        api.post("/service_users", data="x", headers={"Content-Type": "text/plain"}),
        api.delete("/service_users/svc-headers"),
        api.get("/no_such_thing"),
        api.request("GET", api.url + "/v1/nothing"),
    ]
    assert [answer.status_code for answer in answers] == [200, 401, 400, 200, 201, 204, 404, 401, 415, 405, 404, 404]
    assert token == api.admin_token
    remaining = []
    for answer in answers:
        values = rate_headers(answer)
        # Not enforced by default: a nominal limit, counted down per team.
        assert values["X-RateLimit-Limit"] == 10000
        assert now + 59 <= values["X-RateLimit-Reset"] <= now + 63
        assert "X-RateLimit-Retry-At" not in answer.headers
        remaining.append(values["X-RateLimit-Remaining"])
    # The token was the team's first request; paths outside a team have a bucket of their own.
    assert remaining[:-1] == list(range(9998, 9998 - len(answers) + 1, -1))
    assert remaining[-1] == 9999


def test_rate_limit_gives_429_with_retry_at(api):
    token = api.admin_token
    # Setting a limit starts a fresh window; rate limits run on real time, not the sandbox clock.
    assert api.configure(rate_limit=3, rate_limit_window=1)["rate_limit"] == 3
    now = time.time()
    for expected_remaining in (2, 1, 0):
        response = api.get("/current_user", token=token)
        assert response.status_code == 200
        values = rate_headers(response)
        assert values["X-RateLimit-Limit"] == 3
        assert values["X-RateLimit-Remaining"] == expected_remaining
        assert "X-RateLimit-Retry-At" not in response.headers
    response = api.post("/service_users", json={"name": "svc-limited"}, token=token)
    assert_error(response, 429, "too_many_requests")
    values = rate_headers(response)
    assert values["X-RateLimit-Limit"] == 3
    assert values["X-RateLimit-Remaining"] == 0
    retry_at = int(response.headers["X-RateLimit-Retry-At"])
    assert now < retry_at <= now + 3
    assert retry_at == values["X-RateLimit-Reset"]
    # The refused request changed nothing; once the window passes, requests go through again.
    time.sleep(max(0.0, retry_at - time.time()) + 0.05)
    response = api.get("/service_users/svc-limited", token=token)
    assert_error(response, 404, "resource_does_not_exist")
    assert rate_headers(response)["X-RateLimit-Remaining"] == 2


def test_rate_limit_is_per_team(api):
    assert api.admin_token
    api.configure(rate_limit=3)
    for index in range(3):
        assert api.get("/current_user").status_code == 200, index
    assert_error(api.get("/current_user"), 429, "too_many_requests")
    assert_error(api.mint(), 429, "too_many_requests")
    response = api.mint(SECOND_KEY_ID, SECOND_SECRET, team=SECOND_TEAM)
    assert response.status_code == 200
    assert rate_headers(response)["X-RateLimit-Remaining"] == 2


def test_rate_limit_zero_turns_enforcement_off(api):
    assert api.admin_token
    api.configure(rate_limit=1)
    assert api.get("/current_user").status_code == 200
    assert api.get("/current_user").status_code == 429
    api.configure(rate_limit=0)
    assert api.get("/current_user").status_code == 200
    assert rate_headers(api.get("/current_user"))["X-RateLimit-Limit"] == 10000
