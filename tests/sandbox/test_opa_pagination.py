# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Pagination (opa-api.md §6): default 100, absolute Link URLs, count and filters propagated, prev, descending."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from sandbox_helpers import ADMIN_USER, assert_error

LINK = re.compile(r'^<([^>]+)>; rel="(next|prev)"$')


def links(response):
    """``{rel: url}`` from the raw Link header, checking its exact RFC 8288 form."""
    found = {}
    header = response.headers.get("Link")
    if header:
        for part in header.split(", "):
            match = LINK.match(part)
            assert match, header
            found[match.group(2)] = match.group(1)
    return found


def query(url):
    return parse_qs(urlsplit(url).query)


def follow(api, url):
    response = api.follow(url)
    assert response.status_code == 200, response.text
    return response


def walk(api, response):
    """Every page from ``response`` on, following rel="next"; the list of name lists."""
    pages = [api.names(response)]
    while "next" in links(response):
        response = follow(api, links(response)["next"])
        pages.append(api.names(response))
    return pages


@pytest.fixture(name="crowd")
def crowd_fixture(api):
    """The admin plus 104 users: 105 in all, more than one default page."""
    names = ["user-%03d" % index for index in range(104)]
    for name in names:
        api.create_user(name)
    return sorted(names + [ADMIN_USER])


def test_default_page_size_is_100(api, crowd):
    response = api.get("/service_users")
    assert len(api.names(response)) == 100
    found = links(response)
    assert set(found) == {"next"}
    assert found["next"].startswith("%s/v1/teams/sandbox/service_users?" % api.url)
    assert query(found["next"])["count"] == ["100"]
    pages = walk(api, response)
    assert [len(page) for page in pages] == [100, 5]
    assert pages[0] + pages[1] == crowd


def test_count_is_propagated_in_absolute_link_urls(api, crowd):
    response = api.get("/service_users", params={"count": 30})
    assert api.names(response) == crowd[:30]
    next_url = links(response)["next"]
    assert urlsplit(next_url).scheme == "http"
    assert urlsplit(next_url).netloc == urlsplit(api.url).netloc
    assert urlsplit(next_url).path == "/v1/teams/sandbox/service_users"
    assert query(next_url)["count"] == ["30"]
    assert len(query(next_url)["offset"]) == 1
    second = follow(api, next_url)
    assert api.names(second) == crowd[30:60]
    assert query(links(second)["next"])["count"] == ["30"]
    assert query(links(second)["prev"])["count"] == ["30"]
    pages = walk(api, response)
    assert [len(page) for page in pages] == [30, 30, 30, 15]
    assert sum(pages, []) == crowd


@pytest.mark.usefixtures("crowd")
def test_prev_link_returns_the_previous_page(api):
    first = api.get("/service_users", params={"count": 40})
    second = follow(api, links(first)["next"])
    third = follow(api, links(second)["next"])
    assert "next" not in links(third)
    assert query(links(third)["prev"])["prev"] == ["true"]
    back_to_second = follow(api, links(third)["prev"])
    assert api.names(back_to_second) == api.names(second)
    back_to_first = follow(api, links(back_to_second)["prev"])
    assert api.names(back_to_first) == api.names(first)
    assert "prev" not in links(back_to_first)
    # And forward again from a page reached backwards.
    assert api.names(follow(api, links(back_to_first)["next"])) == api.names(second)


def test_descending(api, crowd):
    response = api.get("/service_users", params={"descending": "true", "count": 50})
    assert api.names(response) == list(reversed(crowd))[:50]
    assert query(links(response)["next"])["descending"] == ["true"]
    assert sum(walk(api, response), []) == list(reversed(crowd))


@pytest.mark.usefixtures("crowd")
def test_filters_are_propagated_into_links(api):
    api.set_status("user-010", "DISABLED")
    api.set_status("user-011", "DELETED")
    params = {"contains": "user-01", "status": ["ACTIVE", "DELETED"], "count": 3}
    response = api.get("/service_users", params=params)
    next_query = query(links(response)["next"])
    assert next_query["contains"] == ["user-01"]
    assert next_query["status"] == ["ACTIVE", "DELETED"]
    assert next_query["count"] == ["3"]
    pages = walk(api, response)
    assert [len(page) for page in pages] == [3, 3, 3]
    assert sum(pages, []) == ["user-%03d" % index for index in range(10, 20) if index != 10]


@pytest.mark.usefixtures("crowd")
def test_count_above_the_maximum_is_clamped(api):
    response = api.get("/service_users", params={"count": 500})
    assert len(api.names(response)) == 100
    assert query(links(response)["next"])["count"] == ["100"]


def test_a_short_list_has_no_link_header(api):
    response = api.get("/service_users")
    assert api.names(response) == [ADMIN_USER]
    assert "Link" not in response.headers


@pytest.mark.parametrize("offset", ["not-an-offset", "dW5rbm93bg", "%%%"])
def test_bad_offset_is_400(api, offset):
    assert_error(api.get("/service_users", params={"offset": offset}), 400, "invalid_request", path="offset")


def test_an_offset_from_another_list_is_400(api):
    for name in ("one", "two"):
        api.create_group(name, [])
    response = api.get("/groups", params={"count": 1})
    offset = query(links(response)["next"])["offset"][0]
    assert_error(api.get("/service_users", params={"offset": offset}), 400, "invalid_request", path="offset")


@pytest.mark.parametrize("count", ["0", "-1", "ten"])
def test_bad_count_is_400(api, count):
    assert_error(api.get("/service_users", params={"count": count}), 400, "invalid_request", path="count")


def test_group_list_is_paginated(api):
    for name in ("g1", "g2", "g3"):
        api.create_group(name, [])
    response = api.get("/groups", params={"count": 2})
    pages = walk(api, response)
    assert pages == [["g1", "g2"], ["g3", "sandbox-admins"]]
