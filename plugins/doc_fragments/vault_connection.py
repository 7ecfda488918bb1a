# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Where Vault is and how to talk to it; option names follow community.hashi_vault.
    DOCUMENTATION = r"""
options:
  url:
    description:
      - URL of the Vault server, such as V(https://vault.example.com:8200).
      - If not set, the environment variable E(VAULT_ADDR) is used. One of the two is required.
    type: str
  namespace:
    description:
      - Vault Enterprise (or OpenBao) namespace the calls are made in, such as V(team-a) or V(org/team-a).
      - If not set, the environment variable E(VAULT_NAMESPACE) is used.
    type: str
  ca_cert:
    description:
      - Path of a PEM bundle of the certificate authorities to trust for Vault's TLS certificate.
      - If not set, the environment variable E(VAULT_CACERT) is used, then the system's trust store.
    type: path
  validate_certs:
    description:
      - Whether to check Vault's TLS certificate.
      - If not set, it is V(false) when the environment variable E(VAULT_SKIP_VERIFY) is true, as with the Vault CLI, and V(true) otherwise.
    type: bool
  timeout:
    description:
      - Seconds to wait for each HTTP answer. With retries, one call can wait up to O(timeout) times (O(retries) + 1).
    type: float
    default: 30
  retries:
    description:
      - How often to retry a request that failed to connect or got HTTP 500, 502, 503 or 504, with jittered exponential backoff.
      - Only requests that are safe to repeat are retried (reads, writes that replace, deletes, logins).
    type: int
    default: 3
requirements:
  - requests >= 2.25 (on the host that runs the module)
"""
