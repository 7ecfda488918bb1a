# -*- coding: utf-8 -*-
# Copyright: (c) 2026, pamops.okta contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scenario D (issue 11, defect 4): ten forks (ten hosts, all running on this machine) ensure the
same users, groups, memberships, Okta auth mounts and Vault Okta groups at the same time.

Each module reads, then writes. For the forks to meet inside that window, and not only when
their start-up times happen to line up, the reads that decide whether to create (one group, one
user, the list of auth mounts) answer after a delay (a sandbox latency fault).

Targets: 0 failed items, 0 duplicates; OPA and Vault then hold exactly the desired state.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from test_a_transient_faults import read_fleet

FORKS = 10
READ_DELAY = 3.0
FLEET = {
    "prefix": "rel-d",
    "user_count": 3,
    "group_count": 2,
    "vault_group_count": 3,
    "mounts": ["rel-d-okta", "rel-d-okta-second"],
    "same_items": True,
}


def test_ten_forks_on_the_same_objects(lab, figure):
    lab.opa.add_faults({"kind": "latency", "delay": READ_DELAY, "methods": ["GET"], "path": r"/(groups|service_users)/rel-d-[^/]+$"})
    lab.vault.add_faults({"kind": "latency", "delay": READ_DELAY, "methods": ["GET"], "path": r"^/v1/sys/auth$"})
    run = lab.ansible.run("fleet.yml", FLEET, hosts=FORKS, forks=FORKS)
    lab.clear_faults()
    failed, total = len(run.failed_items()), run.item_count
    figure(
        "items failed across %d racing forks" % FORKS,
        "%d of %d" % (failed, total),
        "0",
        failed == 0 and total == FORKS * 10,
        ["%d x %s" % (count, message) for message, count in run.failure_messages()],
    )
    found = read_fleet(lab, FLEET)
    figure("duplicates", len(found["duplicates"]), "0", not found["duplicates"], found["duplicates"])
    figure("differences from the desired state", len(found["differences"]), "0", not found["differences"], found["differences"])
    figure.assert_targets()
