# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP layer against a real server on loopback: retries, 429 waits, pagination, TLS, errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.utils import formatdate

import pytest
import trustme
from requests import utils as requests_utils
from werkzeug.wrappers import Response

from ansible_collections.pamops.okta.plugins.module_utils.http_layer import client as client_module
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.client import HttpClient
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import ApiError, MissingLibraryError


def json_response(body, status=200, headers=None):
    return Response(json.dumps(body), status=status, headers=headers or {}, content_type="application/json")


def scripted(*answers):
    """A handler that gives the answers in order, then repeats the last one."""
    remaining = list(answers)

    def handler(request):
        answer = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        return answer if isinstance(answer, Response) else answer(request)

    return handler


def drop_connection(request):
    """Close the socket without answering, as a crashed proxy would."""
    sock = request.environ["werkzeug.socket"]
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()
    raise ConnectionAbortedError("dropped on purpose by the test")


def make_client(url, clock=None, **kwargs):
    kwargs.setdefault("backoff_factor", 0)
    kwargs.setdefault("timeout", 5)
    if clock is not None:
        kwargs.update(clock=clock.time, sleep=clock.sleep, jitter=lambda low, high: 0.0)
    return HttpClient(url + "/v1/", **kwargs)


# -- transport retries ----------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_idempotent_call_is_retried_on_server_errors_until_it_succeeds(server, status):
    server.handler = scripted(json_response({}, status), json_response({}, status), json_response({"ok": True}))
    http = make_client(server.url, retries=3)

    assert http.request_json("GET", "things") == {"ok": True}
    assert server.count() == 3


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE", "LIST"])
def test_every_idempotent_method_gives_up_after_the_configured_retries(server, method):
    server.handler = scripted(json_response({"errors": ["backend down"]}, 503))
    http = make_client(server.url, retries=2)

    with pytest.raises(ApiError) as caught:
        http.request(method, "things")

    assert server.count() == 3
    assert caught.value.status == 503
    assert "after 2 retries" in str(caught.value)


def test_post_is_not_retried_unless_the_caller_marks_it_safe(server):
    server.handler = scripted(json_response({}, 503), json_response({"created": True}, 201))
    http = make_client(server.url, retries=3)

    with pytest.raises(ApiError) as caught:
        http.request("POST", "things", json={"name": "a"})
    assert caught.value.status == 503
    assert server.count() == 1

    server.handler = scripted(json_response({}, 503), json_response({"token": "t"}, 200))
    assert http.request_json("POST", "token", json={}, retry_unsafe=True) == {"token": "t"}
    assert server.count() == 3


def test_dropped_connection_is_retried_for_put_but_not_for_post(server):
    server.handler = scripted(drop_connection, json_response({"ok": True}))
    http = make_client(server.url, retries=2)
    assert http.request_json("PUT", "things/a", json={}) == {"ok": True}
    assert server.count() == 2

    server.requests.clear()
    server.handler = scripted(drop_connection, json_response({"ok": True}, 201))
    with pytest.raises(ApiError) as caught:
        http.request("POST", "things", json={"name": "a"})
    # The server saw the POST once and may have applied it: repeating it could apply it twice.
    assert server.count() == 1
    assert caught.value.status is None
    assert "could not reach http://127.0.0.1:" in str(caught.value)


def test_backoff_grows_exponentially_with_jitter(server, monkeypatch):
    slept = []
    monkeypatch.setattr(time, "sleep", slept.append)
    server.handler = scripted(json_response({}, 503))
    http = make_client(server.url, retries=3, backoff_factor=1.0)

    with pytest.raises(ApiError):
        http.request("GET", "things")

    backoff = [s for s in slept if s > 0]
    assert len(backoff) == 3
    for attempt, seconds in enumerate(backoff):
        assert 0.5 * 2 ** attempt <= seconds <= 2 ** attempt


def test_unreachable_service_gives_an_error_without_a_status(server):
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        free_port = placeholder.getsockname()[1]
    http = make_client("http://127.0.0.1:%d" % free_port, retries=1)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things", params={"secret": "s3cr3t"})

    error = caught.value
    assert error.status is None
    assert "could not reach http://127.0.0.1:%d" % free_port in str(error)
    assert "after 1 retries" in str(error)
    assert "check the URL" in str(error)
    assert "s3cr3t" not in str(error)


def test_read_timeout_names_the_timeout_option(server):
    server.handler = lambda request: (time.sleep(1.0), json_response({}))[1]
    http = make_client(server.url, retries=0, timeout=0.2)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "slow")

    assert "sent no answer within 0.2 s" in str(caught.value)
    assert "raise timeout" in str(caught.value)


def test_concurrent_callers_do_not_share_the_post_retry_choice(server):
    # The /safe POSTs are marked retryable, the /unsafe ones are not; both fail once first.
    failed_once = set()
    lock = threading.Lock()

    def handler(request):
        with lock:
            first = request.args["n"] not in failed_once
            failed_once.add(request.args["n"])
        return json_response({}, 503) if first else json_response({"ok": True})

    server.handler = handler
    http = make_client(server.url, retries=2)

    def call(n):
        unsafe = n % 2 == 1
        try:
            http.request("POST", "unsafe" if unsafe else "safe", params={"n": n}, retry_unsafe=not unsafe)
            return "ok"
        except ApiError:
            return "failed"

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(call, range(40)))

    assert results == ["ok", "failed"] * 20
    assert server.count("/v1/safe") == 40
    assert server.count("/v1/unsafe") == 20


def test_one_session_reuses_its_connection(server):
    ports = []

    def handler(request):
        ports.append(request.environ["REMOTE_PORT"])
        return json_response({})

    server.handler = handler
    http = make_client(server.url)
    for attempt in range(5):
        http.request("GET", "things", params={"attempt": attempt})
    # Werkzeug's dev server speaks HTTP/1.0 and closes each connection, so the check here is
    # that the client sends keep-alive and holds one pool, not that the server honoured it.
    assert all(r.headers.get("Connection") == "keep-alive" for r in server.requests)
    assert len(http.session.adapters) == 2 and len({id(a) for a in http.session.adapters.values()}) == 1


# -- 429 -------------------------------------------------------------------------------------


def test_429_waits_until_the_time_in_x_ratelimit_retry_at(server, clock):
    server.handler = scripted(
        lambda request: json_response(
            {"message": "slow down"},
            429,
            {
                "X-RateLimit-Retry-At": str(int(clock.now) + 7),
                "X-RateLimit-Reset": str(int(clock.now) + 60),
                "Retry-After": "30",
            },
        ),
        json_response({"ok": True}),
    )
    http = make_client(server.url, clock)

    assert http.request_json("GET", "things") == {"ok": True}
    assert clock.sleeps == [7]


@pytest.mark.parametrize(
    "headers, expected_wait",
    [
        (lambda now: {"X-RateLimit-Reset": str(int(now) + 12), "Retry-After": "30"}, 30),
        # Without a time to retry at, the full refill is not waited for: the SDK's short wait
        # (opa-api.md section 7), or the full refill when that comes sooner.
        (lambda now: {"X-RateLimit-Reset": str(int(now) + 60)}, 5),
        (lambda now: {"X-RateLimit-Reset": str(int(now) + 2)}, 2),
        (lambda now: {"Retry-After": "3"}, 3),
        (lambda now: {"Retry-After": formatdate(now + 20, usegmt=True)}, 20),
        (lambda now: {"X-RateLimit-Retry-At": str(int(now) - 50)}, 0),
        (lambda now: {}, 5),
    ],
    ids=["retry-after-before-reset", "reset-far-off", "reset-sooner", "retry-after-seconds", "retry-after-date", "time-already-past", "no-header"],
)
def test_429_wait_follows_the_first_header_present(server, clock, headers, expected_wait):
    server.handler = scripted(lambda request: json_response({}, 429, headers(clock.now)), json_response({}))
    http = make_client(server.url, clock)

    http.request("GET", "things")

    # A time already past is no wait at all: the request is sent again at once.
    assert sum(clock.sleeps) == pytest.approx(expected_wait, abs=1) and len(clock.sleeps) <= 1
    assert server.count() == 2


def test_429_wait_adds_jitter_from_the_configured_range(server, clock):
    asked = []

    def jitter(low, high):
        asked.append((low, high))
        return 0.25

    server.handler = scripted(
        lambda request: json_response({}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 2)}), json_response({})
    )
    http = HttpClient(server.url, clock=clock.time, sleep=clock.sleep, jitter=jitter, rate_limit_jitter=1.5)

    http.request("GET", "things")

    # (0, 5.0) draws the SDK's 5-10 s fallback, unused here since the 429 names a time.
    assert asked == [(0, 5.0), (0, 1.5)]
    assert clock.sleeps == [2.25]


def test_429_naming_only_the_full_refill_is_retried_soon_not_refused(server, clock):
    # Issue 12 item 5: a 429 without X-RateLimit-Retry-At used to wait for X-RateLimit-Reset
    # (the whole window), and gave up at once when that passed rate_limit_max_wait.
    server.handler = scripted(lambda request: json_response({}, 429, {"X-RateLimit-Reset": str(int(clock.now) + 60)}), json_response({}))
    http = make_client(server.url, clock, rate_limit_max_wait=30)

    http.request("GET", "things")

    assert clock.sleeps == [5]


def test_default_maximum_wait_outlasts_a_full_window_plus_jitter(server, clock):
    # Issue 11 item 5: a limit hit at the start of a 60 s window must be waited out by default.
    server.handler = scripted(lambda request: json_response({}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 60)}), json_response({}))
    http = HttpClient(server.url + "/v1/", clock=clock.time, sleep=clock.sleep, jitter=lambda low, high: high)

    http.request("GET", "things")

    assert clock.sleeps == [61]


def test_429_is_waited_out_for_post_too(server, clock):
    server.handler = scripted(
        lambda request: json_response({}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 1)}), json_response({}, 201)
    )
    http = make_client(server.url, clock)

    assert http.request("POST", "things", json={"name": "a"}).status_code == 201
    assert server.count() == 2


def test_429_beyond_the_maximum_wait_fails_at_once_with_a_clear_error(server, clock):
    server.handler = scripted(
        lambda request: json_response(
            {"message": "Too many requests", "type": "too_many_requests"}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 100)}
        )
    )
    http = make_client(server.url, clock, rate_limit_max_wait=30)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things")

    error = caught.value
    assert clock.sleeps == []
    assert error.status == 429
    assert error.error_id == "too_many_requests"
    assert "wait 100.0 s more" in str(error)
    assert "rate_limit_max_wait (30 s)" in str(error)


def test_429_storm_stops_once_the_waits_add_up_to_the_maximum(server, clock):
    server.handler = scripted(lambda request: json_response({}, 429, {"X-RateLimit-Retry-At": str(int(clock.now) + 10)}))
    http = make_client(server.url, clock, rate_limit_max_wait=25)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things")

    assert clock.sleeps == [10, 10]
    assert server.count() == 3
    assert "after 20.0 s already waited" in str(caught.value)


# -- pagination --------------------------------------------------------------------------------


def paged_listing(server, total, link_style):
    """Serve ``total`` users, ``count`` per page, linking pages the way ``link_style`` says."""

    def handler(request):
        count = int(request.args.get("count", 100))
        offset = int(request.args.get("offset", 0))
        items = [{"name": "user-%03d" % i} for i in range(offset, min(offset + count, total))]
        headers = {}
        if offset + count < total:
            query = "count=%d&offset=%d" % (count, offset + count)
            target = {
                "absolute": "%s/v1/teams/t/service_users?%s" % (server.url, query),
                "root-relative": "/v1/teams/t/service_users?%s" % query,
                "page-relative": "service_users?%s" % query,
            }[link_style]
            headers["Link"] = '<%s>; rel="next"' % target
            if offset:
                headers["Link"] += ', <%s/v1/teams/t/service_users?count=%d&offset=%d>; rel="prev"' % (
                    server.url,
                    count,
                    max(0, offset - count),
                )
        return json_response({"list": items}, headers=headers)

    return handler


@pytest.mark.parametrize("link_style", ["absolute", "root-relative", "page-relative"])
def test_pagination_follows_next_links_across_pages(server, link_style):
    server.handler = paged_listing(server, 250, link_style)
    http = make_client(server.url)

    names = [user["name"] for user in http.paginate("teams/t/service_users", params={"count": 40})]

    assert names == ["user-%03d" % i for i in range(250)]
    assert server.count() == 7
    assert all(r.args["count"] == "40" for r in server.requests)


def test_pagination_treats_a_missing_list_as_an_empty_page(server):
    server.handler = scripted(json_response({}))
    http = make_client(server.url)

    assert list(http.paginate("teams/t/service_users")) == []


@pytest.mark.parametrize(
    "link_base",
    ["https://pam.example.invalid", "https://pam.example.invalid:443", "http://upstream.internal:8080/some/prefix"],
)
def test_pagination_takes_only_the_offset_and_stays_on_our_host(server, link_base):
    """Behind an alias or a proxy the service names its canonical host in Link; Okta's SDK and
    Terraform copy only ``offset`` and ask their own host (terraform-provider-oktapam
    oktapam/client/user.go ListServiceUsers / ListUsersInGroup; opa-api.md section 6)."""

    def handler(request):
        offset = int(request.args.get("offset", 0))
        headers = {}
        if offset < 4:
            # The link's own count and filters differ from ours: ours must win.
            headers["Link"] = '<%s/v1/teams/t/service_users?count=100&contains=zzz&offset=%d>; rel="next"' % (link_base, offset + 2)
        return json_response({"list": [offset, offset + 1]}, headers=headers)

    server.handler = handler
    http = make_client(server.url)

    items = list(http.paginate("teams/t/service_users", params={"count": 2, "status": ["ACTIVE", "DISABLED"]}))

    assert items == [0, 1, 2, 3, 4, 5]
    assert server.count("/v1/teams/t/service_users") == 3
    assert [r.args.get("offset") for r in server.requests] == [None, "2", "4"]
    assert all(r.args["count"] == "2" and r.args.getlist("status") == ["ACTIVE", "DISABLED"] for r in server.requests)
    assert all("contains" not in r.args for r in server.requests)


@pytest.mark.parametrize("link", ["/v1/things?count=2", "/v1/things?offset=", "/v1/things?offset=a&offset=b"])
def test_pagination_refuses_a_next_link_without_one_offset(server, link):
    server.handler = scripted(json_response({"list": [1]}, headers={"Link": '<%s>; rel="next"' % link}))
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        list(http.paginate("things"))

    assert "next-page link carries" in str(caught.value)
    assert server.count() == 1


def test_pagination_stops_when_links_loop(server):
    server.handler = scripted(json_response({"list": [1]}, headers={"Link": '</v1/things?offset=a>; rel="next"'}))
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        list(http.paginate("things"))

    assert "loop back" in str(caught.value)
    assert server.count() == 2


# -- methods, paths, headers ------------------------------------------------------------------


def test_list_method_reaches_the_server_as_list(server):
    server.handler = scripted(json_response({"data": {"keys": ["a", "b"]}}))
    http = make_client(server.url)

    body = http.request_json("LIST", "auth/okta/groups")

    assert body["data"]["keys"] == ["a", "b"]
    assert server.requests[0].method == "LIST"
    assert server.requests[0].path == "/v1/auth/okta/groups"


def test_default_headers_and_json_body_are_sent(server):
    server.handler = scripted(json_response({}, 201))
    http = make_client(server.url, headers={"X-Vault-Request": "true"}, user_agent="pamops.okta/test")

    http.request("POST", "things", json={"name": "a"})

    sent = server.requests[0]
    assert sent.headers["X-Vault-Request"] == "true"
    assert sent.headers["User-Agent"] == "pamops.okta/test"
    assert sent.headers["Accept"] == "application/json"
    assert sent.get_json() == {"name": "a"}


def test_expected_statuses_let_a_caller_treat_404_as_absent(server):
    server.handler = scripted(json_response({"message": "not found"}, 404))
    http = make_client(server.url)

    assert http.request("GET", "things/x", expected=(200, 404)).status_code == 404
    with pytest.raises(ApiError) as caught:
        http.request("GET", "things/x")
    assert caught.value.status == 404


def test_base_url_must_be_http_or_https():
    with pytest.raises(ValueError) as caught:
        HttpClient("app.scaleft.com")
    assert "must start with http:// or https://" in str(caught.value)


def test_missing_requests_library_is_reported_by_name(monkeypatch):
    monkeypatch.setattr(client_module, "requests", None)
    monkeypatch.setattr(client_module, "REQUESTS_IMPORT_ERROR", "ImportError: No module named 'requests'")

    with pytest.raises(MissingLibraryError) as caught:
        HttpClient("https://app.scaleft.com")

    assert caught.value.library == "requests"
    assert "No module named" in caught.value.import_traceback


# -- errors -------------------------------------------------------------------------------------


def test_opa_error_body_gives_id_and_field_messages(server):
    server.handler = scripted(
        json_response(
            {
                "message": "Invalid request",
                "type": "invalid_request",
                "errors": [{"path": "name", "message": "must be 1-100 characters"}],
            },
            400,
        )
    )
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        http.request("POST", "teams/t/service_users", json={"name": ""})

    error = caught.value
    assert (error.status, error.error_id, error.method, error.path) == (400, "invalid_request", "POST", "/v1/teams/t/service_users")
    assert error.messages == ("Invalid request", "name: must be 1-100 characters")
    assert str(error) == (
        "POST /v1/teams/t/service_users: HTTP 400 BAD REQUEST [invalid_request]: Invalid request; name: must be 1-100 characters"
    )


def test_vault_error_body_gives_its_errors_list(server):
    server.handler = scripted(json_response({"errors": ["permission denied"]}, 403))
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "auth/okta/config")

    assert caught.value.messages == ("permission denied",)
    assert caught.value.to_dict() == {
        "status": 403,
        "method": "GET",
        "path": "/v1/auth/okta/config",
        "error_id": None,
        "messages": ["permission denied"],
    }


def test_html_error_page_is_summarised_by_its_title(server):
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000 + "</body></html>"
    server.handler = scripted(Response(page, status=502, content_type="text/html"))
    http = make_client(server.url, retries=0)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things")

    assert caught.value.messages == ("HTML page titled '502 Bad Gateway'",)
    assert "xxxx" not in str(caught.value)


def test_truncated_json_error_body_is_described_not_quoted(server):
    server.handler = scripted(Response('{"message": "secret-looking tex', status=400, content_type="application/json"))
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things")

    assert caught.value.messages == ("the response body is not valid JSON (31 bytes, possibly truncated)",)
    assert "secret-looking" not in str(caught.value)


def test_errors_never_carry_headers_query_or_request_body(server):
    server.handler = scripted(json_response({"message": "nope"}, 401))
    http = make_client(server.url, headers={"Authorization": "Bearer very-secret-token"})

    with pytest.raises(ApiError) as caught:
        http.request("POST", "things", params={"key_secret": "query-secret"}, json={"key_secret": "body-secret"})

    text = repr(caught.value) + str(caught.value) + json.dumps(caught.value.to_dict())
    for secret in ("very-secret-token", "query-secret", "body-secret"):
        assert secret not in text
    assert caught.value.path == "/v1/things"


def test_successful_answer_that_is_not_json_is_an_error(server):
    server.handler = scripted(Response("<html>login page</html>", content_type="text/html"))
    http = make_client(server.url)

    with pytest.raises(ApiError) as caught:
        http.request_json("GET", "things")

    assert "HTTP 200 with a body that is not JSON" in str(caught.value)


def test_no_content_answer_reads_as_none(server):
    server.handler = scripted(Response(status=204))
    http = make_client(server.url)

    assert http.request_json("DELETE", "things/a") is None


# -- TLS ----------------------------------------------------------------------------------------


def test_tls_with_the_throwaway_ca_as_ca_cert(tls_server):
    tls_server.handler = scripted(json_response({"ok": True}))
    http = make_client(tls_server.url, ca_cert=tls_server.ca_file)

    assert http.request_json("GET", "things") == {"ok": True}


def test_tls_without_the_ca_fails_with_advice(tls_server):
    http = make_client(tls_server.url, retries=0)

    with pytest.raises(ApiError) as caught:
        http.request("GET", "things")

    text = str(caught.value)
    assert "TLS with https://127.0.0.1:" in text
    assert "certificate" in text
    assert "set ca_cert" in text
    assert tls_server.count() == 0


def test_tls_validation_can_be_turned_off(tls_server, recwarn):
    tls_server.handler = scripted(json_response({"ok": True}))
    http = make_client(tls_server.url, validate_certs=False)

    assert http.request_json("GET", "things") == {"ok": True}
    assert not [w for w in recwarn if "Unverified HTTPS" in str(w.message)]


def test_validate_certs_false_wins_over_ca_cert(tls_server, tmp_path):
    tls_server.handler = scripted(json_response({"ok": True}))
    http = make_client(tls_server.url, validate_certs=False, ca_cert=str(tmp_path / "missing.pem"))

    assert http.request_json("GET", "things") == {"ok": True}


# -- the environment, read once -----------------------------------------------------------------


def test_requests_ca_bundle_from_the_environment_still_applies_without_ca_cert(tls_server, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls_server.ca_file)
    assert HttpClient(tls_server.url).request("GET", "x").status_code == 200


def test_ca_cert_wins_over_requests_ca_bundle(tls_server, monkeypatch, tmp_path):
    unrelated = tmp_path / "unrelated.pem"
    unrelated.write_bytes(trustme.CA().cert_pem.bytes())
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(unrelated))
    assert HttpClient(tls_server.url, ca_cert=tls_server.ca_file).request("GET", "x").status_code == 200


def test_a_proxy_named_in_the_environment_carries_the_requests(server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", server.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    http = HttpClient("http://opa.example.invalid/v1/")
    assert http.request("GET", "things").status_code == 200
    assert server.requests[0].host == "opa.example.invalid"


def test_the_environment_is_not_read_again_for_each_request(server, monkeypatch):
    # requests looks for ~/.netrc and proxy variables on every request of a session that trusts
    # the environment: a sixth of a bulk run's time went there (make bench's profile).
    http = HttpClient(server.url)
    calls = []
    monkeypatch.setattr(requests_utils, "get_netrc_auth", lambda *args, **kwargs: calls.append(args))
    monkeypatch.setattr(requests_utils, "get_environ_proxies", lambda *args, **kwargs: calls.append(args) or {})
    for _request in range(5):
        http.request("GET", "x")
    assert calls == []
