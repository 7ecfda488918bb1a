# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one error type of the HTTP layer, and how it reads a service's error body.

Internal to the pamops.okta collection; may change in any release.
Python versions supported: 3.8 and newer.

An ApiError carries what a user needs to fix a failed call (HTTP status, the service's own
error id and messages, the method and the URL path) and nothing that could hold a secret:
never request headers, request bodies or the query string.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re


# A non-JSON error page (a proxy's HTML, say) is summarised by its <title>, never quoted whole.
_HTML_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MAX_SERVICE_TEXT = 300


class ApiError(Exception):
    """A failed call to OPA or Vault, or a failure to reach them.

    ``status`` is None when no HTTP response arrived (connection refused, TLS failure, timeout).
    ``error_id`` is OPA's error id (``type``/``code``) when the body carries one.
    ``messages`` are the service's own messages: OPA ``message`` and each ``errors`` entry,
    or Vault's ``errors`` list.
    """

    def __init__(self, summary, status=None, method=None, path=None, error_id=None, messages=(), hint=None):
        self.summary = summary
        self.status = status
        self.method = method
        self.path = path
        self.error_id = error_id
        self.messages = tuple(messages)
        self.hint = hint
        super(ApiError, self).__init__(self.describe())

    def __str__(self):
        # Built on demand: callers may add a hint after the error was raised.
        return self.describe()

    def describe(self):
        parts = []
        if self.method and self.path:
            parts.append("%s %s" % (self.method, self.path))
        parts.append(self.summary)
        text = ": ".join(parts)
        if self.error_id:
            text += " [%s]" % self.error_id
        if self.messages:
            text += ": " + "; ".join(self.messages)
        if self.hint:
            text += (" " if text.endswith(".") else ". ") + self.hint
        return text

    def to_dict(self):
        """The error as plain data, for an Ansible result."""
        return {
            "status": self.status,
            "method": self.method,
            "path": self.path,
            "error_id": self.error_id,
            "messages": list(self.messages),
        }


class MissingLibraryError(ImportError):
    """A Python library the collection needs on the managed host is not installed."""

    def __init__(self, library, import_traceback):
        self.library = library
        self.import_traceback = import_traceback
        super(MissingLibraryError, self).__init__("the Python library %s is required but could not be imported" % library)


def _clip(text):
    text = " ".join(str(text).split())
    if len(text) > _MAX_SERVICE_TEXT:
        text = text[:_MAX_SERVICE_TEXT] + "..."
    return text


def _messages_from_json(body):
    """Read OPA's ``{"message", "errors": [{"path", "message"}], "type"}`` and Vault's
    ``{"errors": ["..."]}`` shapes (opa-api.md section 5, vault-okta-api.md section 5.3)."""
    messages = []
    error_id = None
    if not isinstance(body, dict):
        return error_id, messages
    summary = body.get("message") if isinstance(body.get("message"), str) else ""
    field_messages = []
    for entry in body.get("errors") or ():
        if isinstance(entry, dict):
            text = entry.get("message") or entry.get("error") or ""
            where = entry.get("path") or entry.get("location")
            if text:
                field_messages.append(_clip("%s: %s" % (where, text) if where else text))
                # A field error often repeats the summary; say it once, with its field.
                if text.strip() == summary.strip():
                    summary = ""
        elif isinstance(entry, str) and entry.strip():
            field_messages.append(_clip(entry))
    if summary.strip():
        messages.append(_clip(summary))
    messages.extend(field_messages)
    for key in ("type", "code", "error_id"):
        if isinstance(body.get(key), str) and body[key]:
            error_id = body[key]
            break
    if not messages and isinstance(body.get("error"), str):
        messages.append(_clip(body["error"]))
    return error_id, messages


def parse_error_body(content_type, raw_body):
    """Return ``(error_id, messages)`` from an error response body.

    JSON bodies give the service's messages; an HTML page gives its title; anything else
    (truncated JSON, plain text, binary) gives a one-line description, not the body itself.
    """
    text = raw_body.decode("utf-8", "replace") if isinstance(raw_body, bytes) else (raw_body or "")
    content_type = (content_type or "").lower()
    if not text.strip():
        return None, []
    if "json" in content_type or text.lstrip()[:1] in ("{", "["):
        try:
            return _messages_from_json(json.loads(text))
        except ValueError:
            return None, ["the response body is not valid JSON (%d bytes, possibly truncated)" % len(raw_body)]
    if "html" in content_type or "<html" in text[:512].lower():
        title = _HTML_TITLE.search(text)
        if title and title.group(1).strip():
            return None, ["HTML page titled %r" % _clip(title.group(1))]
        return None, ["an HTML page (%d bytes)" % len(raw_body)]
    return None, ["a %s body (%d bytes)" % (content_type or "non-JSON", len(raw_body))]
