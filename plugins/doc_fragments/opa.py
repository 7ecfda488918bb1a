# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Connection and authentication options shared by every OPA/ASA module.
    DOCUMENTATION = r"""
options:
  api_host:
    description:
      - Base URL of the API.
      - V(https://app.scaleft.com) for Advanced Server Access, V(https://<org>.pam.okta.com) for Okta Privileged Access.
      - If not set, the environment variable E(OKTAPAM_API_HOST) is used, then the default.
    type: str
    default: https://app.scaleft.com
  team:
    description:
      - Name of the team that owns the service users.
      - If not set, the environment variable E(OKTAPAM_TEAM) is used. One of the two is required.
    type: str
  key_id:
    description:
      - ID of the API key of the service user the module acts as.
      - If not set, the environment variable E(OKTAPAM_KEY) is used.
      - Required together with O(key_secret), unless the module takes a C(bearer_token) and one is given.
    type: str
  key_secret:
    description:
      - Secret of the API key named by O(key_id).
      - If not set, the environment variable E(OKTAPAM_SECRET) is used.
    type: str
  ca_cert:
    description:
      - Path of a PEM bundle of the certificate authorities to trust for the API's TLS certificate.
      - If not set, the environment variable E(OKTAPAM_CA_CERT) is used, then the system's trust store.
    type: path
  validate_certs:
    description:
      - Whether to check the API's TLS certificate. Set to V(false) only for a test server.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP answer. With retries, one task can wait up to O(timeout) times (O(retries) + 1).
    type: float
    default: 30
  retries:
    description:
      - How often to retry a request that failed to connect or got HTTP 500, 502, 503 or 504, with
        jittered exponential backoff.
      - Only requests that are safe to repeat are retried (reads, status updates, deletes, token minting);
        a request that creates something is never sent twice.
    type: int
    default: 3
  rate_limit_max_wait:
    description:
      - The longest time, in seconds, one request may spend waiting out HTTP 429 answers.
      - The module waits until the time the API names in E(X-RateLimit-Retry-At) (or E(Retry-After)), plus a little
        jitter, then tries again; past this limit it fails and says so. A 429 that names no such time is retried after
        a random 5-10 s, as Okta's SDK does, or at E(X-RateLimit-Reset) when that is sooner.
      - The default outlasts a full 60 s rate-limit window plus jitter, so a limit hit at the start of a window is
        waited out rather than failing the task.
    type: float
    default: 120
requirements:
  - requests >= 2.25 (on the host that runs the module)
notes:
  - The module mints at most one bearer token per run (and one more if the API refuses it mid-run).
    To mint one token for a whole play, use M(pamops.okta.opa_token) and C(module_defaults) with
    C(group/pamops.okta.opa).
seealso:
  - name: Okta Privileged Access API
    description: Service users, API keys and groups.
    link: https://developer.okta.com/docs/api/openapi/opa/opa/tag/service-users/
"""

    # The bearer token option, for every OPA module except opa_token (which mints one).
    BEARER_TOKEN = r"""
options:
  bearer_token:
    description:
      - A bearer token from M(pamops.okta.opa_token), reused instead of minting one per task.
      - When the API refuses it (it expired or was revoked) and O(key_id) and O(key_secret) are
        set, the module mints a new token once and carries on.
    type: str
"""
