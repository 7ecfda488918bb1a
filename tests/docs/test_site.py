# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The built docs site (`make docs`) as a reader meets it.

The site is served on loopback and opened in a real headless browser (Debian's chromium): the
index and pages of each kind render, with their titles and option tables; every internal link of
every built page leads to a page that exists, and to an anchor that exists on it.

`make docs-test` runs this with PAMOPS_DOCS_SITE pointing at the built HTML.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import functools
import http.server
import os
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

import pytest

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SITE = os.environ.get("PAMOPS_DOCS_SITE", os.path.join(REPOSITORY, ".build", "docs", "html"))
SCREENSHOTS = os.path.join(os.path.dirname(SITE), "screenshots")
COLLECTION_PAGES = "collections/pamops/okta/"
MODULES = [
    "opa_group", "opa_service_user", "opa_service_user_info", "opa_service_user_key", "opa_token",
    "vault_okta_auth_method", "vault_okta_config", "vault_okta_config_info", "vault_okta_group",
    "vault_okta_group_info", "vault_okta_login", "vault_okta_user", "vault_okta_user_info",
    "opa_groups", "opa_service_users", "vault_okta_groups", "vault_okta_users",
]
ROLES = ["opa_service_user_key_rotate", "opa_service_user_offboard", "opa_service_user_onboard", "vault_okta_auth"]
GUIDES = [
    "guide_connecting", "guide_check_mode", "guide_key_rotation", "guide_secrets_in_vault",
    "guide_adopting", "guide_fleets", "guide_sandbox", "guide_awx_credential_types",
]
# A fresh profile per run and nothing that phones home: the machines that run this reach
# package registries only.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1600",
]


class PageParser(HTMLParser):
    """Collects what a check needs from one page: title, ids, links, tables and headings."""

    def __init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.title = ""
        self.ids = set()
        self.links = []
        self.table_classes = []
        self.headings = []
        self._in_title = False
        self._heading = None
        self._in_headerlink = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.ids.add(attributes["name"])
        for attribute in ("href", "src"):
            if attributes.get(attribute) and tag in ("a", "link", "script", "img"):
                self.links.append(attributes[attribute])
        if tag == "table":
            self.table_classes.append(attributes.get("class") or "")
        if tag == "title":
            self._in_title = True
        if tag in ("h1", "h2"):
            self._heading = ""
        # The permalink icon Sphinx puts after each heading is no part of its text.
        if tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self._in_headerlink = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_headerlink = False
        if tag == "title":
            self._in_title = False
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._heading is not None and not self._in_headerlink:
            self._heading += data


def parse(html):
    parser = PageParser()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def site_url():
    assert os.path.isfile(os.path.join(SITE, "index.html")), "no built site at %s: run `make docs` first" % SITE
    handler = functools.partial(QuietHandler, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d/" % server.server_address[1]
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass


@pytest.fixture(scope="module")
def chromium():
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "chromium is not installed (`make docs-test` installs Debian's)"
    return binary


def run_chromium(chromium, tmp_path, *arguments):
    profile = tmp_path / ("profile-%d" % len(list(tmp_path.iterdir())))
    command = [chromium] + CHROMIUM_FLAGS + ["--user-data-dir=%s" % profile] + list(arguments)
    completed = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def render(chromium, tmp_path, url, screenshot_name):
    """The page's DOM after the browser loaded it, and a screenshot of it (kept for a human)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    screenshot = os.path.join(SCREENSHOTS, screenshot_name)
    if os.path.exists(screenshot):
        os.unlink(screenshot)
    run_chromium(chromium, tmp_path, "--screenshot=%s" % screenshot, url)
    with open(screenshot, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n", "chromium wrote no PNG screenshot of %s" % url
    assert os.path.getsize(screenshot) > 20000, "the screenshot of %s is nearly empty" % url
    return parse(run_chromium(chromium, tmp_path, "--dump-dom", url))


def test_index_renders_and_leads_everywhere(chromium, tmp_path, site_url):
    page = render(chromium, tmp_path, site_url + "index.html", "index.png")

    assert "pamops.okta" in page.title
    assert "pamops.okta" in page.headings
    linked = set(urllib.parse.urljoin(site_url + "index.html", link).split("#")[0] for link in page.links)
    for guide in GUIDES:
        assert site_url + COLLECTION_PAGES + "docsite/%s.html" % guide in linked, guide
    assert site_url + "collections/index_module.html" in linked
    assert site_url + "collections/index_role.html" in linked


def test_module_page_renders_with_its_option_table(chromium, tmp_path, site_url):
    page = render(chromium, tmp_path, site_url + COLLECTION_PAGES + "opa_service_user_key_module.html", "opa_service_user_key_module.png")

    assert "pamops.okta.opa_service_user_key module" in page.title
    assert any(heading.startswith("pamops.okta.opa_service_user_key module") for heading in page.headings)
    assert any("ansible-option-table" in classes for classes in page.table_classes)
    # Every option and suboption has its anchor in the table, the connection options from the
    # doc fragment as well as the module's own.
    for option in ("service_user", "vault", "vault/kv_path", "key_secret", "bearer_token", "keep"):
        assert "parameter-%s" % option in page.ids, option
    assert "return-secret" in page.ids


def test_role_page_renders_with_its_argument_spec(chromium, tmp_path, site_url):
    page = render(chromium, tmp_path, site_url + COLLECTION_PAGES + "opa_service_user_key_rotate_role.html", "opa_service_user_key_rotate_role.png")

    assert "pamops.okta.opa_service_user_key_rotate role" in page.title
    assert any("ansible-option-table" in classes for classes in page.table_classes)
    assert "parameter-main--opa_service_user_key_rotate_name" in page.ids


def test_guide_renders(chromium, tmp_path, site_url):
    page = render(chromium, tmp_path, site_url + COLLECTION_PAGES + "docsite/guide_key_rotation.html", "guide_key_rotation.png")

    assert "Key rotation without downtime" in page.title
    assert "An automation that rotates its own key" in page.headings


def test_every_module_role_and_guide_has_a_page():
    expected = ["%s_module.html" % module for module in MODULES] + ["%s_role.html" % role for role in ROLES]
    expected += ["docsite/%s.html" % guide for guide in GUIDES]
    missing = [name for name in expected if not os.path.isfile(os.path.join(SITE, COLLECTION_PAGES, name))]
    assert not missing


def built_pages():
    pages = []
    for directory, _subdirectories, files in os.walk(SITE):
        for name in files:
            if name.endswith(".html"):
                pages.append(os.path.relpath(os.path.join(directory, name), SITE).replace(os.sep, "/"))
    return sorted(pages)


def test_no_broken_internal_link(site_url):
    pages = built_pages()
    assert len(pages) >= len(MODULES) + len(ROLES) + len(GUIDES)
    fetched = {}

    def fetch(url):
        if url not in fetched:
            try:
                with urllib.request.urlopen(url, timeout=30) as answer:
                    body = answer.read()
                    is_html = answer.headers.get_content_type() == "text/html"
                fetched[url] = parse(body.decode("utf-8")) if is_html else True
            except urllib.error.HTTPError as error:
                fetched[url] = error
        return fetched[url]

    broken = []
    for page_path in pages:
        page_url = site_url + page_path
        page = fetch(page_url)
        for link in page.links:
            target = urllib.parse.urljoin(page_url, link)
            if not target.startswith(site_url):
                continue  # another site: this check is about our own pages
            target_url, _separator, fragment = target.partition("#")
            answer = fetch(target_url)
            if isinstance(answer, urllib.error.HTTPError):
                broken.append("%s -> %s (HTTP %d)" % (page_path, link, answer.code))
            elif fragment and isinstance(answer, PageParser) and urllib.parse.unquote(fragment) not in answer.ids:
                broken.append("%s -> %s (no such anchor)" % (page_path, link))
    assert not broken, "\n".join(broken)
