# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One OPA bearer token shared by the workers of a bulk module: when it expires, every worker is
refused at once, and one new token must serve them all (opa-api.md §2: 401 means "get a new token")."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError
from ansible_collections.pamops.okta.plugins.module_utils.opa.client import OpaClient

WORKERS = 6


class Answer:
    status_code = 200


class TokenCheckingHttp:
    """Accepts only the tokens it minted; each refusal waits until every worker has been refused."""

    retries = 0

    def __init__(self, refused_together):
        self.valid = set()
        self.mints = 0
        self.sent_with = []
        self._lock = threading.Lock()
        self._refused_together = threading.Barrier(refused_together, timeout=10)

    def request_json(self, method, path, json=None, retry_unsafe=False):
        assert path.endswith("/service_token") and retry_unsafe
        with self._lock:
            self.mints += 1
            token = "minted-%d" % self.mints
            self.valid.add(token)
        return {"bearer_token": token, "team_name": "robots", "expires_at": "2030-01-01T00:00:00Z"}

    def request(self, method, path, headers=None, **kwargs):
        token = headers["Authorization"].split(" ", 1)[1]
        with self._lock:
            self.sent_with.append(token)
        if token not in self.valid:
            self._refused_together.wait()
            raise ApiError("HTTP 401 Unauthorized", status=401, method=method, path="/" + path)
        return Answer()

    @staticmethod
    def read_json(response, method=None):
        return {"name": "svc"}


def test_workers_refused_at_once_share_one_new_token():
    http = TokenCheckingHttp(refused_together=WORKERS)
    client = OpaClient(http, "robots", key_id="key", key_secret="s3cr3t-value", bearer_token="expired")
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        answers = list(pool.map(lambda index: client.get("service_users", "svc-%d" % index), range(WORKERS)))
    assert answers == [{"name": "svc"}] * WORKERS
    assert http.mints == 1 and client.tokens_minted == 1
    assert sorted(http.sent_with) == ["expired"] * WORKERS + ["minted-1"] * WORKERS


def test_the_first_token_is_minted_once_for_concurrent_first_calls():
    http = TokenCheckingHttp(refused_together=1)
    client = OpaClient(http, "robots", key_id="key", key_secret="s3cr3t-value")
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(lambda index: client.get("service_users", "svc-%d" % index), range(WORKERS)))
    assert http.mints == 1
    assert set(http.sent_with) == {"minted-1"}


def test_a_fresh_token_refused_too_is_not_minted_again():
    http = TokenCheckingHttp(refused_together=1)
    http.request_json = lambda *args, **kwargs: {"bearer_token": "never-valid", "team_name": "robots"}
    client = OpaClient(http, "robots", key_id="key", key_secret="s3cr3t-value", bearer_token="expired")
    with pytest.raises(ApiError) as error:
        client.get("service_users", "svc")
    assert http.sent_with == ["expired", "never-valid"]
    assert "may lack the role" in error.value.hint
    assert "s3cr3t-value" not in str(error.value) and "never-valid" not in str(error.value)
