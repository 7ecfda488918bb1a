# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One HttpClient shared by the workers of a bulk module: a 429 seen by one pauses them all."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import threading

from werkzeug.wrappers import Response

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.client import HttpClient


def json_response(body, status=200, headers=None):
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def test_a_429_seen_by_one_worker_pauses_the_others_until_the_time_it_names(server, clock):
    arrivals = []
    lock = threading.Lock()

    def handler(request):
        with lock:
            arrivals.append((request.path, clock.now))
            first = len(arrivals) == 1
        if first:
            # OPA names the time its window refills (opa-api.md §7).
            return json_response({}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 30)})
        return json_response({})

    server.handler = handler
    limited_is_sleeping = threading.Event()
    release_limited = threading.Event()
    sleeps = []

    def sleep(seconds):
        name = threading.current_thread().name
        with lock:
            sleeps.append((name, seconds))
        if name == "limited":
            # Hold the worker that saw the 429 in its wait, so that the other one starts
            # while the pause is on.
            limited_is_sleeping.set()
            release_limited.wait(10)
        else:
            clock.now += seconds

    http = HttpClient(server.url + "/v1/", timeout=5, backoff_factor=0, clock=clock.time, sleep=sleep, jitter=lambda low, high: 0.0)
    start = clock.now
    results = {}

    def worker(path):
        results[path] = http.request("GET", path).status_code

    limited = threading.Thread(target=worker, args=("a",), name="limited")
    limited.start()
    assert limited_is_sleeping.wait(10)
    other = threading.Thread(target=worker, args=("b",), name="other")
    other.start()
    other.join(10)
    release_limited.set()
    limited.join(10)

    assert results == {"a": 200, "b": 200}
    # The other worker never saw a 429: it waited out the pause before sending anything.
    assert ("other", 30) in sleeps
    assert [path for path, _now in arrivals] == ["/v1/a", "/v1/b", "/v1/a"]
    assert all(now >= start + 30 for _path, now in arrivals[1:])


def test_a_pause_extended_during_the_wait_is_waited_out_too(server, clock):
    arrivals = []
    server.handler = lambda request: arrivals.append(clock.now) or json_response({})
    extended = []

    def sleep(seconds):
        clock.sleeps.append(seconds)
        if not extended:
            # Five seconds into this wait, another worker's 429 asks for 20 s from then.
            extended.append(True)
            clock.now += 5
            http.pause_for_test(20)
            clock.now += seconds - 5
        else:
            clock.now += seconds

    http = HttpClient(server.url + "/v1/", timeout=5, backoff_factor=0, clock=clock.time, sleep=sleep, jitter=lambda low, high: 0.0)
    # What a 429 answer to another worker does (HttpClient.request).
    http.pause_for_test = http._pause_everyone
    start = clock.now
    http.pause_for_test(10)
    assert http.request("GET", "x").status_code == 200
    assert clock.sleeps == [10, 15]
    assert arrivals == [start + 25]


def test_without_a_429_no_worker_waits(server, clock):
    http = HttpClient(server.url + "/v1/", timeout=5, backoff_factor=0, clock=clock.time, sleep=clock.sleep, jitter=lambda low, high: 0.0)
    threads = [threading.Thread(target=http.request, args=("GET", "x%d" % index)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert server.count() == 4 and clock.sleeps == []


class WindowedService:
    """A service with a budget of ``limit`` requests per window, answering as OPA does
    (opa-api.md section 7): X-RateLimit-Remaining and -Reset on every answer, and on a 429
    X-RateLimit-Retry-At, here the end of the window. The window ends when the clock passes it."""

    def __init__(self, clock, limit, window=60):
        self.clock = clock
        self.limit = limit
        self.window = window
        self.window_end = clock.now + window
        self.used = 0
        self.refused = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            if self.clock.now >= self.window_end:
                self.window_end = self.clock.now + self.window
                self.used = 0
            headers = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Reset": str(self.window_end)}
            if self.used >= self.limit:
                self.refused += 1
                headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Retry-At": str(self.window_end)})
                return json_response({}, 429, headers)
            self.used += 1
            headers["X-RateLimit-Remaining"] = str(self.limit - self.used)
        return json_response({}, 200, headers)


def test_workers_that_spend_the_window_meet_one_429_per_window_not_one_each(server, clock):
    service = WindowedService(clock, limit=10)
    server.handler = service
    clock_lock = threading.Lock()

    def sleep(seconds):
        with clock_lock:
            # Concurrent sleepers end at the same moment, as they would in real time.
            clock.now = max(clock.now, clock.now + seconds if seconds > 0 else clock.now)

    http = HttpClient(server.url + "/v1/", timeout=5, backoff_factor=0, clock=clock.time, sleep=sleep, jitter=lambda low, high: 0.0)
    statuses = []

    def worker(count):
        for _request in range(count):
            statuses.append(http.request("GET", "things").status_code)

    # 8 workers, 45 requests: a window of 10, so the work spans 5 windows.
    threads = [threading.Thread(target=worker, args=(6 if number < 5 else 5,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert statuses == [200] * 45
    # Each window's budget is learnt from the answers; once it is spent, one request finds out
    # when the next window opens and the others wait for its answer.
    assert service.refused <= 4
