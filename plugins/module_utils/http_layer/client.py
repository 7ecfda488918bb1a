# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The HTTP layer shared by the OPA and Vault clients.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

It knows nothing of Ansible. One HttpClient owns one ``requests.Session`` (keep-alive, a
connection pool sized for concurrent callers) and gives:

* transport retries with jittered exponential backoff, done by urllib3's ``Retry`` mounted on
  the session: connection errors and 500/502/503/504, for idempotent methods only, unless a
  caller marks one POST as safe to repeat;
* 429 handling: wait until the time the service names, plus jitter, within a maximum wait;
  every caller on the client waits with it (bulk modules send from a thread pool, and the
  limit is the team's, not one thread's);
* ``Link: rel="next"`` pagination over the ``{"list": [...]}`` envelope, on our own host;
* the ``LIST`` method Vault uses;
* one error type, ApiError, that never carries headers, bodies or query strings.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextvars
import random
import re
import socket
import threading
import time
import traceback
import warnings

from ansible_collections.pamops.okta.plugins.module_utils.http_layer.errors import (
    ApiError,
    MissingLibraryError,
    parse_error_body,
)
from ansible_collections.pamops.okta.plugins.module_utils.http_layer.rate_limit import FALLBACK_WAIT_RANGE, seconds_to_wait

try:
    from urllib.parse import parse_qs, urljoin, urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported, but keep import sanity quiet
    from urlparse import parse_qs, urljoin, urlsplit  # type: ignore

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.exceptions import InsecureRequestWarning
    from urllib3.util.retry import Retry
except ImportError:
    requests = None
    HTTPAdapter = Retry = object
    InsecureRequestWarning = Warning
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
else:
    REQUESTS_IMPORT_ERROR = None


# Repeating these cannot apply a change twice. LIST is Vault's read-only listing verb.
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "LIST"))
RETRIED_STATUSES = frozenset((500, 502, 503, 504))
SUCCESS_STATUSES = (200, 201, 202, 204)

# Set for the duration of one call whose caller declared a POST safe to repeat. A context
# variable rather than an attribute so that concurrent callers on one session (bulk modules
# use a thread pool) cannot see each other's choice.
_retry_any_method = contextvars.ContextVar("pamops_okta_retry_any_method", default=False)

_QUERY_IN_TEXT = re.compile(r"\?[^\s'\"]*")


class _TransportRetry(Retry):
    """urllib3's Retry with per-call opt-in for POST and jittered exponential backoff."""

    MAX_BACKOFF_SECONDS = 30.0

    def _is_method_retryable(self, method):
        if _retry_any_method.get():
            return True
        return super(_TransportRetry, self)._is_method_retryable(method)

    def get_backoff_time(self):
        # urllib3 does not wait before the first retry; we do, so that a service that is
        # restarting gets a moment. "Equal jitter": between half and all of the exponential step.
        attempts = len(self.history)
        if attempts == 0 or not self.backoff_factor:
            return 0.0
        step = min(self.MAX_BACKOFF_SECONDS, self.backoff_factor * (2 ** (attempts - 1)))
        return step * random.uniform(0.5, 1.0)


def _root_cause(exc):
    """The innermost exception behind a requests/urllib3 wrapper chain."""
    seen = set()
    while id(exc) not in seen:
        seen.add(id(exc))
        inner = getattr(exc, "reason", None)
        if not isinstance(inner, BaseException):
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        if inner is None:
            for candidate in exc.args[1:] if exc.args else ():
                if isinstance(candidate, BaseException):
                    inner = candidate
                    break
        if inner is None:
            inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def _scrub(text):
    """Drop query strings from library messages: they may carry secrets."""
    return _QUERY_IN_TEXT.sub("?...", text)


class HttpClient:
    """One session to one service. Not tied to OPA or Vault: the service clients configure it."""

    def __init__(
        self,
        base_url,
        timeout=30,
        validate_certs=True,
        ca_cert=None,
        retries=3,
        backoff_factor=0.5,
        rate_limit_max_wait=120,
        rate_limit_jitter=1.0,
        headers=None,
        user_agent="pamops.okta",
        max_connections=10,
        clock=time.time,
        sleep=time.sleep,
        jitter=random.uniform,
    ):
        if requests is None:
            raise MissingLibraryError("requests", REQUESTS_IMPORT_ERROR)
        scheme = urlsplit(base_url or "").scheme
        if scheme not in ("http", "https") or not urlsplit(base_url).netloc:
            raise ValueError("the URL %r must start with http:// or https:// and name a host" % (base_url,))
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.retries = retries
        self.rate_limit_max_wait = rate_limit_max_wait
        self.rate_limit_jitter = rate_limit_jitter
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        self.validate_certs = validate_certs
        # When a 429 was seen: no caller sends before this time (clock()).
        self._resume_at = 0.0
        self._pause_lock = threading.Lock()
        # The window's budget from X-RateLimit-Remaining, less what was sent since (None: not
        # known, or the window has reset). At 0, one request goes out to learn when the service
        # takes more - a success, or a 429 that names the time - and the others wait for it:
        # a bulk run's workers then meet at most one 429 per window instead of one each.
        self._budget = None
        self._budget_reset = 0.0
        self._in_flight = 0
        self._probing = False
        self._budget_changed = threading.Condition(self._pause_lock)

        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": user_agent})
        self.session.headers.update(headers or {})
        # ca_cert implies validation against that bundle; validate_certs=False turns checks off.
        # Passed on every request, not set on the session: requests lets REQUESTS_CA_BUNDLE and
        # CURL_CA_BUNDLE override a session-level verify, which would silently ignore ca_cert.
        self.verify = ca_cert if (ca_cert and validate_certs) else bool(validate_certs)
        # requests reads the environment (proxy variables, ~/.netrc, REQUESTS_CA_BUNDLE) again on
        # every request, with file system checks that cost a bulk run a sixth of its time. The
        # service is one origin: read the same settings once, for it, and stop reading them.
        settings = self.session.merge_environment_settings(self.base_url, {}, None, self.verify, None)
        self.session.proxies.update(settings["proxies"] or {})
        self.verify = settings["verify"]
        self.session.trust_env = False
        if not validate_certs:
            # The user asked for no verification; the Ansible layer warns once instead of urllib3
            # on every request. A process-wide filter, set once: warnings.catch_warnings() around
            # each request is not thread-safe, and a bulk module's workers send at once. It hides
            # nothing else, since only unverified requests raise this warning.
            warnings.filterwarnings("ignore", category=InsecureRequestWarning)
        transport_retry = _TransportRetry(
            total=retries,
            connect=retries,
            read=retries,
            status=retries,
            other=0,
            redirect=0,
            allowed_methods=IDEMPOTENT_METHODS,
            status_forcelist=RETRIED_STATUSES,
            backoff_factor=backoff_factor,
            raise_on_status=False,
            # 429 is handled below, against our own clock and maximum wait.
            respect_retry_after_header=False,
        )
        adapter = HTTPAdapter(max_retries=transport_retry, pool_connections=1, pool_maxsize=max_connections)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    # -- plumbing -------------------------------------------------------------------------

    def url_for(self, path):
        """An absolute URL on this service for ``path`` (relative to the base URL, or absolute)."""
        if urlsplit(path).scheme:
            url = path
        else:
            url = urljoin(self.base_url, path.lstrip("/"))
        base = urlsplit(self.base_url)
        target = urlsplit(url)
        # The session carries credentials; never send them to another origin (a Link header
        # pointing elsewhere, say).
        if (target.scheme, target.netloc.lower()) != (base.scheme, base.netloc.lower()):
            raise ApiError(
                "refusing to follow a URL on another origin (%s://%s)" % (target.scheme, target.netloc),
                path=target.path,
            )
        return url

    def _send(self, method, url, params, json_body, headers, retry_unsafe):
        marker = _retry_any_method.set(bool(retry_unsafe))
        try:
            return self.session.request(
                method,
                url,
                params=params,
                json=json_body,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                allow_redirects=False,
            )
        except requests.exceptions.RequestException as exc:
            raise self._transport_error(method, url, exc) from None
        finally:
            _retry_any_method.reset(marker)

    def _transport_error(self, method, url, exc):
        parts = urlsplit(url)
        where = "%s://%s" % (parts.scheme, parts.netloc)
        root = _root_cause(exc)
        detail = _scrub(str(root) or type(root).__name__)
        if isinstance(exc, requests.exceptions.SSLError):
            reason = getattr(root, "verify_message", None) or detail
            return ApiError(
                "TLS with %s failed: %s" % (where, reason),
                method=method,
                path=parts.path,
                hint="set ca_cert to the CA bundle that signed the server certificate, or validate_certs to false for a test server",
            )
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            summary = "could not connect to %s within %s s" % (where, self.timeout)
            hint = "check the URL and the network, or raise timeout"
        elif isinstance(exc, requests.exceptions.Timeout) or isinstance(root, (socket.timeout, TimeoutError)):
            summary = "%s sent no answer within %s s" % (where, self.timeout)
            hint = "raise timeout, or check the service's health"
        else:
            summary = "could not reach %s: %s" % (where, detail)
            hint = "check the URL and that the service is running"
        if method in IDEMPOTENT_METHODS or _retry_any_method.get():
            summary += " (after %d retries)" % self.retries
        return ApiError(summary, method=method, path=parts.path, hint=hint)

    @staticmethod
    def error_from_response(method, response, hint=None):
        error_id, messages = parse_error_body(response.headers.get("Content-Type"), response.content)
        summary = "HTTP %d %s" % (response.status_code, response.reason or "")
        return ApiError(
            summary.strip(),
            status=response.status_code,
            method=method,
            path=urlsplit(response.url).path,
            error_id=error_id,
            messages=messages,
            hint=hint,
        )

    # -- the calls the service clients make -----------------------------------------------

    def request(self, method, path, params=None, json=None, headers=None, expected=SUCCESS_STATUSES, retry_unsafe=False):
        """Send one request and return the ``requests.Response``.

        ``expected`` lists the statuses the caller handles (e.g. ``(200, 404)`` where a 404 means
        "absent"); any other status raises ApiError. ``retry_unsafe=True`` lets a POST be repeated
        on connection errors and 5xx: only for calls that change nothing (minting a token).
        A 429 is waited out for every method: the service rejected the request unprocessed.
        """
        method = method.upper()
        url = self.url_for(path)
        waited = 0.0
        while True:
            probe = self._take_from_budget()
            try:
                waited += self._wait_out_pause()
                response = self._send(method, url, params, json, headers, retry_unsafe)
                self._note_budget(response.headers)
                if response.status_code == 429:
                    low, high = FALLBACK_WAIT_RANGE
                    fallback_wait = low + self._jitter(0, high - low)
                    wait = seconds_to_wait(response.headers, self._clock(), fallback_wait) + self._jitter(0, self.rate_limit_jitter)
                    if waited + wait <= self.rate_limit_max_wait:
                        # Paused before the probe's turn passes on, so that the next one waits too.
                        self._pause_everyone(wait)
            finally:
                self._sent(probe)
            if response.status_code != 429:
                break
            if waited + wait > self.rate_limit_max_wait:
                hint = (
                    "the service asks to wait %.1f s more, which would pass rate_limit_max_wait (%s s) after %.1f s "
                    "already waited; raise rate_limit_max_wait or send fewer requests" % (wait, self.rate_limit_max_wait, waited)
                )
                raise self.error_from_response(method, response, hint)
            response.close()
        if response.status_code not in expected:
            hint = None
            if response.status_code in RETRIED_STATUSES and (method in IDEMPOTENT_METHODS or retry_unsafe):
                hint = "the service still failed after %d retries" % self.retries
            raise self.error_from_response(method, response, hint)
        return response

    def _take_from_budget(self):
        """Count one request against the window's budget, waiting while it is spent and another
        request is finding out when the service takes more; returns whether this one is that probe."""
        with self._budget_changed:
            while True:
                if self._budget is not None and self._clock() >= self._budget_reset:
                    self._budget = None
                if self._budget is None or self._budget > 0:
                    if self._budget is not None:
                        self._budget -= 1
                    self._in_flight += 1
                    return False
                if not self._probing:
                    self._probing = True
                    self._in_flight += 1
                    return True
                # Woken when the probe's answer arrives; the timeout only guards a lost wake-up.
                self._budget_changed.wait(1.0)

    def _sent(self, probe):
        with self._budget_changed:
            self._in_flight -= 1
            if probe:
                self._probing = False
            self._budget_changed.notify_all()

    def _note_budget(self, headers):
        """Learn the window's budget from an answer's X-RateLimit-Remaining and -Reset (opa-api.md
        section 7). The requests in flight may not be in the service's count yet; this one is, but
        its answer may be noted after later ones that the count missed, so it is not subtracted
        back: one request of slack, which the probe spends."""
        try:
            remaining = int(headers["X-RateLimit-Remaining"])
            reset = float(headers["X-RateLimit-Reset"])
        except (KeyError, TypeError, ValueError):
            return
        with self._budget_changed:
            left = max(0, remaining - self._in_flight)
            if self._budget is None or reset != self._budget_reset:
                self._budget, self._budget_reset = left, reset
            else:
                self._budget = min(self._budget, left)

    def _pause_everyone(self, wait):
        with self._pause_lock:
            self._resume_at = max(self._resume_at, self._clock() + wait)

    def _wait_out_pause(self):
        """Sleep until the pause a 429 started is over; returns the seconds slept. Another
        worker's 429 may extend the pause while this one sleeps: then it sleeps again."""
        slept = 0.0
        while True:
            with self._pause_lock:
                delay = self._resume_at - self._clock()
            if delay <= 0:
                return slept
            self._sleep(delay)
            slept += delay

    @staticmethod
    def read_json(response, method=None):
        """The JSON body of a successful response, or None when there is none (204)."""
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ApiError(
                "HTTP %d with a body that is not JSON (%d bytes)" % (response.status_code, len(response.content)),
                status=response.status_code,
                method=method or response.request.method,
                path=urlsplit(response.url).path,
            )

    def request_json(self, method, path, **kwargs):
        """``request`` followed by ``read_json``: the parsed body, or None."""
        response = self.request(method, path, **kwargs)
        return self.read_json(response, method.upper())

    def paginate(self, path, params=None, items_key="list", headers=None):
        """Yield every item of a listing, following ``Link: <...>; rel="next"`` headers.

        Only the link's ``offset`` is taken; each page is asked for on our own host with our own
        query plus that offset, as Okta's SDK and Terraform do (opa-api.md section 6). A link that
        names the service's canonical host, a proxy's upstream or ``:443`` while ``api_host`` is
        an alias or a proxy then still works, and the credentials never leave our host.
        A missing ``items_key`` is an empty page (OPA marks ``list`` omitempty).
        """
        url = self.url_for(path)
        query = dict(params or {})
        offsets_seen = set()
        while True:
            response = self.request("GET", url, params=query, headers=headers)
            body = self.read_json(response, "GET") or {}
            yield from body.get(items_key) or ()
            next_link = response.links.get("next", {}).get("url")
            if not next_link:
                return
            offset = self._offset_of(next_link, url)
            if offset in offsets_seen:
                raise ApiError("the service's pagination links loop back to a page already read", method="GET", path=urlsplit(url).path)
            offsets_seen.add(offset)
            query = dict(params or {}, offset=offset)

    @staticmethod
    def _offset_of(next_link, url):
        # The SDK refuses a next link without exactly one offset ("invalid offset"); so do we.
        offsets = parse_qs(urlsplit(next_link).query, keep_blank_values=True).get("offset", [])
        if len(offsets) != 1 or not offsets[0]:
            raise ApiError(
                "the service's next-page link carries %s offset" % ("no" if not offsets or not offsets[0] else "more than one"),
                method="GET",
                path=urlsplit(url).path,
            )
        return offsets[0]
