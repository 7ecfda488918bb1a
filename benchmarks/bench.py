"""`make bench` (issue 13, item 4): the bulk modules against the other ways of doing the same
work, in one run against one sandbox that this script starts on free ports and stops.

Contenders, interleaved: for each resource, N and phase, every contender runs once, in an order
that rotates from one (N, phase) to the next, and the sandbox is put back in the same state
before each of them:

- bulk: the bulk module, one task (pamops.okta.vault_okta_groups, vault_okta_users, opa_service_users);
- single: the single-resource module in a loop (vault_okta_group, vault_okta_user, opa_service_user
  with a bearer token minted once by opa_token);
- vault_write: community.hashi_vault.vault_write in a loop (Vault resources only);
- uri: ansible.builtin.uri in a loop;
- floor-1 and floor-W: the raw floor (floor.py), sequential and with the bulk module's workers.

Phases: cold (nothing exists yet) and no-op (everything is already as wanted). Loops run only up
to N = 100 (quick profile: less); their figures for larger N are extrapolated from their time per
item at the largest N run, and labelled so. Requests are counted by the sandbox's request log.

Times: "task" is the time of the measured tasks as Ansible ran them (from the bench_timer
callback; for the floor, the script's own time from its first request to its last answer), which
leaves out ansible-playbook's and Python's start-up; "wall" is the whole process.

Also: listing 10,000 OPA users through the collection's OpaClient (requests, time, peak memory),
converging OPA users under a rate limit (time against the minimum, 429s per window), a profile of
the slowest bulk case, and the sandbox's own throughput (sandbox_throughput.py).

Run: make bench (BENCH_QUICK=1 for the smoke profile). Writes benchmarks/results/ (quick: .../quick/).
"""

import argparse
import collections
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import floor  # noqa: E402  pylint: disable=wrong-import-position
from sandbox_throughput import free_port  # noqa: E402  pylint: disable=wrong-import-position

MOUNT = "bench-okta"
OPA_GROUPS = ["bench-grp-%d" % number for number in range(5)]
WORKERS = 8

PROFILES = {
    "full": {
        "ns": {"vault_groups": [10, 100, 1000], "vault_users": [10, 100, 1000], "opa_users": [10, 100, 500]},
        # Loops cost 1.4-1.9 s per item on this loaded 2-core machine (0.5 s when idle), so to keep
        # the run near 20 minutes they run to N=100 only for vault_write on Vault groups (the
        # yardstick of the 100x target) and to N=10 elsewhere; larger N are extrapolated from
        # time per item, and labelled so. BENCH_LOOPS=all runs every loop to N=100 (about 25
        # minutes more under load); BENCH_LOOPS=opa_users:single=100,... raises single loops.
        "loop_max": 100,
        "loop_ns": {
            ("vault_groups", "single"): 10, ("vault_groups", "vault_write"): 100, ("vault_groups", "uri"): 10,
            ("vault_users", "single"): 10, ("vault_users", "vault_write"): 10, ("vault_users", "uri"): 10,
            ("opa_users", "single"): 10, ("opa_users", "uri"): 10,
        },  # fmt: skip
        "listing_ns": [1000, 10000],
        "latency": 0.02,
        # 3N+3 requests for N users with two memberships each: 153 at N=50, so the run crosses
        # one window boundary of a 100-a-minute limit (real OPA counts per minute).
        "rate": {"users": 50, "limit": 100, "window": 60.0},
        "throughput_args": ["--reads", "300", "--rounds", "2", "--writes", "40"],
        "results": os.path.join(HERE, "results"),
    },
    "quick": {
        "ns": {"vault_groups": [5, 20], "vault_users": [5, 20], "opa_users": [5, 20]},
        "loop_max": 5,
        "loop_ns": {},
        "listing_ns": [200, 1000],
        "latency": 0.02,
        "rate": {"users": 10, "limit": 20, "window": 5.0},
        "throughput_args": ["--reads", "50", "--rounds", "2", "--writes", "8"],
        "results": os.path.join(HERE, "results", "quick"),
    },
}

RESOURCES = {
    "vault_groups": {"title": "Vault Okta groups", "service": "vault", "bulk": "vault_okta_groups", "single": "vault_okta_group"},
    "vault_users": {"title": "Vault Okta users", "service": "vault", "bulk": "vault_okta_users", "single": "vault_okta_user"},
    "opa_users": {"title": "OPA service users with memberships", "service": "opa", "bulk": "opa_service_users", "single": "opa_service_user"},
}
LOOPS = ("single", "vault_write", "uri")
PARTS = ("matrix", "latency", "listing", "rate", "profile", "throughput")
STARTED = time.monotonic()


def progress(message):
    elapsed = time.monotonic() - STARTED
    print("[%02d:%02d] %s" % (elapsed // 60, elapsed % 60, message), flush=True)


def items_for(resource, count):
    """The wanted objects: names sort as numbers, values vary so that no two are alike."""
    if resource == "vault_groups":
        return [{"name": "bench-group-%05d" % n, "policies": sorted(["shared", "team-%d" % (n % 7)])} for n in range(count)]
    if resource == "vault_users":
        return [{"name": "bench-user-%05d" % n, "groups": ["okta-%d" % (n % 5)], "policies": ["user-%d" % (n % 3)]} for n in range(count)]
    return [{"name": "bench-svc-%05d" % n, "groups": sorted([OPA_GROUPS[n % 5], OPA_GROUPS[(n + 1) % 5]])} for n in range(count)]


# -- the sandbox ----------------------------------------------------------------------------------


class Sandbox:
    """``pamops-sandbox run`` in a process of its own (OPA and the Vault front with OpenBao), state
    in memory only: the benchmark measures the collection, not the sandbox's disk."""

    def __init__(self, work, port_base=None):
        self.state_dir = os.path.join(work, "sandbox")
        os.makedirs(self.state_dir)
        if port_base:
            ports = [port_base, port_base + 1, port_base + 2]
        else:
            ports = [free_port(), free_port()]
            ports.insert(2, free_port())  # OpenBao's; it also takes the port above for its cluster
        command = [
            sys.executable, "-m", "pamops_sandbox", "run", "--quiet", "--no-persist", "--state-dir", self.state_dir,
            "--opa-port", str(ports[0]), "--vault-port", str(ports[1]), "--bao-port", str(ports[2]),
        ]  # fmt: skip
        self.log = open(os.path.join(work, "sandbox.log"), "wb")  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL, start_new_session=True
        )  # pylint: disable=consider-using-with
        ready = os.path.join(self.state_dir, "ready.json")
        deadline = time.monotonic() + 120
        while not os.path.exists(ready):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                with open(os.path.join(work, "sandbox.log"), encoding="utf-8", errors="replace") as handle:
                    raise RuntimeError("the sandbox did not start:\n%s" % handle.read()[-3000:])
            time.sleep(0.05)
        with open(ready, encoding="utf-8") as handle:
            self.env = json.load(handle)["environment"]
        self.http = requests.Session()
        self.http.trust_env = False
        self.hosts = {"opa": self.env["OKTAPAM_API_HOST"], "vault": self.env["VAULT_ADDR"]}

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log.close()

    def hook(self, service, method, name, body=None, expect=(200, 201, 204)):
        answer = self.http.request(method, "%s/_sandbox/%s" % (self.hosts[service], name), json=body, timeout=60)
        floor.checked(answer, *expect)
        return answer.json() if answer.content else None

    def vault(self, method, path, body=None, expect=(200, 204)):
        answer = self.http.request(
            method, "%s/v1/%s" % (self.env["VAULT_ADDR"], path), json=body, headers={"X-Vault-Token": self.env["VAULT_TOKEN"]}, timeout=60
        )
        return floor.checked(answer, *expect)

    def reset(self, resource, wanted=None):
        """The state every contender of a case starts from: the objects of ``wanted`` in place
        (no-op phase) or none of them (cold); then an empty request log."""
        service = RESOURCES[resource]["service"]
        if service == "opa":
            self.hook("opa", "POST", "reset")
            session = floor.CountingSession(WORKERS)
            headers = floor.opa_token(session, self.env)
            base = floor.OPA_TEAM_PATH % (self.env["OKTAPAM_API_HOST"], self.env["OKTAPAM_TEAM"])
            for group in OPA_GROUPS:
                floor.checked(session.post(base + "/groups", json={"name": group, "roles": []}, headers=headers), 201)
        else:
            self.vault("DELETE", "sys/auth/" + MOUNT, expect=(204, 400, 404))
            self.vault("POST", "sys/auth/" + MOUNT, {"type": "okta"})
        if wanted:
            floor.converge(self.spec(resource, wanted, WORKERS))
        self.hook(service, "DELETE", "requests")

    def spec(self, resource, wanted, workers):
        return {"kind": resource, "env": self.env, "mount": MOUNT, "items": wanted, "workers": workers}

    def log_summary(self, service):
        log = self.hook(service, "GET", "requests")
        entries = log["requests"]
        methods = collections.Counter(entry["method"] for entry in entries)
        return {
            "total": log["total"],
            "writes": log["writes"],
            "reads": log["total"] - log["writes"],
            "by_method": dict(methods),
            "status_429": sum(1 for entry in entries if entry["status"] == 429),
            "entries": entries,
        }

    def still_to_do(self, resource, wanted):
        """How many objects of ``wanted`` the sandbox does not hold as wanted (0 after a good run)."""
        spec = self.spec(resource, wanted, WORKERS)
        return floor.converge(spec, dry_run=True)


# -- Ansible ------------------------------------------------------------------------------------

PLAY_HEAD = """- name: make bench
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
"""

VAULT_CONNECTION = """        url: "{{ vault_addr }}"
        token: "{{ vault_token }}"
"""
OPA_CONNECTION = """        api_host: "{{ opa_api_host }}"
        team: "{{ opa_team }}"
"""

PLAYBOOKS = {
    ("vault", "bulk"): """    - name: bench bulk
      pamops.okta.{module}:
{vault}        mount_point: "{{{{ mount }}}}"
        workers: "{{{{ workers }}}}"
        config: "{{{{ bench_items }}}}"
""",
    ("vault", "single"): """    - name: bench single
      pamops.okta.{module}:
{vault}        mount_point: "{{{{ mount }}}}"
        name: "{{{{ item.name }}}}"
{fields}      loop: "{{{{ bench_items }}}}"
""",
    ("vault", "vault_write"): """    - name: bench vault_write
      community.hashi_vault.vault_write:
{vault}        path: "auth/{{{{ mount }}}}/{kind}/{{{{ item.name }}}}"
        data:
{data}      loop: "{{{{ bench_items }}}}"
""",
    ("vault", "uri"): """    - name: bench uri
      ansible.builtin.uri:
        url: "{{{{ vault_addr }}}}/v1/auth/{{{{ mount }}}}/{kind}/{{{{ item.name }}}}"
        method: POST
        headers:
          X-Vault-Token: "{{{{ vault_token }}}}"
        body_format: json
        body:
{data}        status_code: [200, 204]
      loop: "{{{{ bench_items }}}}"
""",
    ("opa", "bulk"): """    - name: bench bulk
      pamops.okta.opa_service_users:
{opa}        key_id: "{{{{ opa_key_id }}}}"
        key_secret: "{{{{ opa_key_secret }}}}"
        workers: "{{{{ workers }}}}"
        config: "{{{{ bench_items }}}}"
""",
    ("opa", "single"): """    - name: bench token
      pamops.okta.opa_token:
{opa}        key_id: "{{{{ opa_key_id }}}}"
        key_secret: "{{{{ opa_key_secret }}}}"
      register: bench_token
    - name: bench single
      pamops.okta.opa_service_user:
{opa}        bearer_token: "{{{{ bench_token.bearer_token }}}}"
        name: "{{{{ item.name }}}}"
        groups: "{{{{ item.groups }}}}"
      loop: "{{{{ bench_items }}}}"
""",
    ("opa", "uri"): """    - name: bench token
      ansible.builtin.uri:
        url: "{{{{ opa_api_host }}}}/v1/teams/{{{{ opa_team }}}}/service_token"
        method: POST
        body_format: json
        body:
          key_id: "{{{{ opa_key_id }}}}"
          key_secret: "{{{{ opa_key_secret }}}}"
      register: bench_token
      no_log: true
    - name: bench uri users
      ansible.builtin.uri:
        url: "{{{{ opa_api_host }}}}/v1/teams/{{{{ opa_team }}}}/service_users"
        method: POST
        headers:
          Authorization: "Bearer {{{{ bench_token.json.bearer_token }}}}"
        body_format: json
        body:
          name: "{{{{ item.name }}}}"
        status_code: [201, 409]
      loop: "{{{{ bench_items }}}}"
    - name: bench uri memberships
      ansible.builtin.uri:
        url: "{{{{ opa_api_host }}}}/v1/teams/{{{{ opa_team }}}}/groups/{{{{ item.1 }}}}/users"
        method: POST
        headers:
          Authorization: "Bearer {{{{ bench_token.json.bearer_token }}}}"
        body_format: json
        body:
          name: "{{{{ item.0.name }}}}"
        status_code: [200, 204]
      loop: "{{{{ bench_items | subelements('groups') }}}}"
""",
}

FIELDS = {
    "vault_groups": ("groups", ["policies"]),
    "vault_users": ("users", ["groups", "policies"]),
}


def playbook_text(resource, contender):
    service = RESOURCES[resource]["service"]
    kind, fields = FIELDS.get(resource, ("", []))
    template = PLAYBOOKS[(service, contender)]
    module = RESOURCES[resource]["bulk" if contender == "bulk" else "single"]
    return PLAY_HEAD + template.format(
        module=module,
        kind=kind,
        vault=VAULT_CONNECTION,
        opa=OPA_CONNECTION,
        fields="".join('        %s: "{{ item.%s }}"\n' % (field, field) for field in fields),
        data="".join('          %s: "{{ item.%s }}"\n' % (field, field) for field in fields),
    )


class Runner:
    def __init__(self, work, sandbox):
        self.work = work
        self.sandbox = sandbox
        collections_root = os.path.join(work, "collections")
        os.makedirs(os.path.join(collections_root, "ansible_collections", "pamops"))
        os.symlink(REPO, os.path.join(collections_root, "ansible_collections", "pamops", "okta"))
        self.collections_root = collections_root
        self.ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
        self.env = dict(
            os.environ,
            ANSIBLE_COLLECTIONS_PATH=collections_root,
            ANSIBLE_CALLBACK_PLUGINS=os.path.join(HERE, "callback_plugins"),
            ANSIBLE_CALLBACKS_ENABLED="bench_timer",
            ANSIBLE_LOCALHOST_WARNING="False",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="False",
            ANSIBLE_NOCOLOR="True",
            ANSIBLE_RETRY_FILES_ENABLED="False",
            ANSIBLE_LOCAL_TEMP=os.path.join(work, "ansible-tmp"),
            ANSIBLE_REMOTE_TEMP=os.path.join(work, "ansible-tmp"),
            NO_PROXY="*",
        )
        for name in ("VAULT_ADDR", "VAULT_TOKEN", "OKTAPAM_API_HOST", "OKTAPAM_TEAM", "OKTAPAM_KEY", "OKTAPAM_SECRET"):
            self.env.pop(name, None)
        self.runs = 0

    def variables(self, wanted):
        env = self.sandbox.env
        return {
            "vault_addr": env["VAULT_ADDR"],
            "vault_token": env["VAULT_TOKEN"],
            "opa_api_host": env["OKTAPAM_API_HOST"],
            "opa_team": env["OKTAPAM_TEAM"],
            "opa_key_id": env["OKTAPAM_KEY"],
            "opa_key_secret": env["OKTAPAM_SECRET"],
            "mount": MOUNT,
            "workers": WORKERS,
            "bench_items": wanted,
            "ansible_python_interpreter": sys.executable,
        }

    def ansible(self, resource, contender, wanted, extra_vars=None, prefix=()):
        self.runs += 1
        stem = os.path.join(self.work, "run-%03d-%s-%s" % (self.runs, resource, contender))
        with open(stem + ".yml", "w", encoding="utf-8") as handle:
            handle.write(playbook_text(resource, contender))
        with open(stem + ".json", "w", encoding="utf-8") as handle:
            json.dump(dict(self.variables(wanted), **(extra_vars or {})), handle)
        env = dict(self.env, BENCH_TIMER_OUT=stem + ".timer.json")
        started = time.perf_counter()
        with open(stem + ".log", "wb") as output:
            completed = subprocess.run(
                list(prefix) + [self.ansible_playbook, "-i", "localhost,", stem + ".yml", "-e", "@" + stem + ".json"],
                env=env, stdout=output, stderr=subprocess.STDOUT, check=False, cwd=self.work,
            )  # fmt: skip
        wall = time.perf_counter() - started
        tasks = []
        if os.path.exists(stem + ".timer.json"):
            with open(stem + ".timer.json", encoding="utf-8") as handle:
                tasks = [task for task in json.load(handle) if task["name"].startswith("bench")]
        failed = completed.returncode != 0 or any(task["failed"] for task in tasks)
        result = {
            "task_s": sum(task["seconds"] or 0 for task in tasks),
            "wall_s": wall,
            "changed": any(task["changed"] for task in tasks),
            "ok": not failed,
        }
        if failed:
            with open(stem + ".log", encoding="utf-8", errors="replace") as handle:
                result["error"] = handle.read()[-1500:]
        return result

    def floor(self, resource, wanted, workers):
        spec_path = os.path.join(self.work, "floor-spec.json")
        with open(spec_path, "w", encoding="utf-8") as handle:
            json.dump(self.sandbox.spec(resource, wanted, workers), handle)
        started = time.perf_counter()
        completed = subprocess.run([sys.executable, os.path.join(HERE, "floor.py"), spec_path], capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if completed.returncode != 0:
            return {"task_s": 0.0, "wall_s": wall, "ok": False, "changed": False, "error": completed.stderr[-1500:]}
        answer = json.loads(completed.stdout)
        return {"task_s": answer["elapsed"], "wall_s": wall, "ok": True, "changed": answer["changed_objects"] > 0, "sent": answer["sent"]}


# -- the matrix -----------------------------------------------------------------------------------


def loop_limit(resource, loop, profile):
    """The largest N a loop runs at: the profile's, unless BENCH_LOOPS says "all" (every loop to
    the profile's loop_max) or lists overrides, e.g. "opa_users:single=100,vault_users:uri=100"."""
    setting = os.environ.get("BENCH_LOOPS", "").strip()
    if setting == "all":
        return profile["loop_max"]
    overrides = {}
    for part in filter(None, (piece.strip() for piece in setting.split(","))):
        key, _equals, value = part.partition("=")
        overrides[tuple(key.split(":", 1))] = int(value)
    return overrides.get((resource, loop), profile["loop_ns"].get((resource, loop), profile["loop_max"]))


def contenders_of(resource, count, profile):
    loops = ["single", "uri"] if resource == "opa_users" else ["single", "vault_write", "uri"]
    return ["bulk"] + [loop for loop in loops if count <= loop_limit(resource, loop, profile)] + ["floor-1", "floor-%d" % WORKERS]


def run_case(sandbox, runner, resource, count, phase, contender, latency=0.0):
    """One contender from the case's starting state; ``latency`` (seconds) delays every request
    the sandbox serves during the run, as a SaaS API a few network hops away would."""
    service = RESOURCES[resource]["service"]
    wanted = items_for(resource, count)
    sandbox.reset(resource, wanted if phase == "noop" else None)
    if latency:
        sandbox.hook(service, "POST", "faults", {"kind": "latency", "delay": latency})
    try:
        if contender.startswith("floor-"):
            outcome = runner.floor(resource, wanted, int(contender.split("-")[1]))
        else:
            outcome = runner.ansible(resource, contender, wanted)
    finally:
        if latency:
            sandbox.hook(service, "DELETE", "faults")
    log = sandbox.log_summary(service)
    log.pop("entries")
    outcome.update(resource=resource, n=count, phase=phase, contender=contender, requests=log, latency_s=latency)
    outcome["per_item_s"] = outcome["task_s"] / count
    outcome["left_to_do"] = sandbox.still_to_do(resource, wanted) if outcome["ok"] else None
    if outcome["left_to_do"]:
        outcome["ok"] = False
        outcome.setdefault("error", "%d objects not as wanted afterwards" % outcome["left_to_do"])
    progress(
        "%-12s N=%-5d %-5s %-12s task %8.3f s (%.4f s/item)  wall %7.2f s  requests %5d (writes %d)%s%s"
        % (resource, count, phase, contender, outcome["task_s"], outcome["per_item_s"], outcome["wall_s"], log["total"], log["writes"],
           "  (+%.0f ms a request)" % (latency * 1000) if latency else "",
           "" if outcome["ok"] else "  FAILED: " + outcome.get("error", "")[-400:])
    )  # fmt: skip
    return outcome


def run_matrix(sandbox, runner, profile):
    results = []
    rotation = 0
    for resource in RESOURCES:
        for count in profile["ns"][resource]:
            for phase in ("cold", "noop"):
                names = contenders_of(resource, count, profile)
                order = names[rotation % len(names) :] + names[: rotation % len(names)]
                rotation += 1
                for contender in order:
                    results.append(run_case(sandbox, runner, resource, count, phase, contender))
    return results


def run_latency(sandbox, runner, profile):
    """The largest N of each resource again, bulk against floor-W, with every request delayed:
    on loopback the floor needs a couple of milliseconds a request, so Ansible's fixed cost per
    task weighs more than it would against a real service."""
    results = []
    rotation = 0
    for resource in RESOURCES:
        count = max(profile["ns"][resource])
        for phase in ("cold", "noop"):
            names = ["bulk", "floor-%d" % WORKERS]
            order = names[rotation % 2 :] + names[: rotation % 2]
            rotation += 1
            for contender in order:
                results.append(run_case(sandbox, runner, resource, count, phase, contender, profile["latency"]))
    return results


# -- listing, rate limit, profile, throughput ------------------------------------------------------------


def collection_opa_client(runner, sandbox):
    if runner.collections_root not in sys.path:
        sys.path.insert(0, runner.collections_root)
    from ansible_collections.pamops.okta.plugins.module_utils.http_layer.client import HttpClient  # pylint: disable=import-outside-toplevel
    from ansible_collections.pamops.okta.plugins.module_utils.opa.client import OpaClient  # pylint: disable=import-outside-toplevel

    env = sandbox.env
    return OpaClient(HttpClient(env["OKTAPAM_API_HOST"], user_agent="pamops.okta bench"), env["OKTAPAM_TEAM"], env["OKTAPAM_KEY"], env["OKTAPAM_SECRET"])


def fill_users(sandbox, total):
    """Service users until the team lists ``total`` live ones (the seed's admin counts)."""
    session = floor.CountingSession(WORKERS)
    headers = floor.opa_token(session, sandbox.env)
    base = floor.OPA_TEAM_PATH % (sandbox.env["OKTAPAM_API_HOST"], sandbox.env["OKTAPAM_TEAM"])
    have = len(floor.opa_list(session, base + "/service_users", headers))

    def create(number):
        floor.checked(session.post(base + "/service_users", json={"name": "list-%06d" % number}, headers=headers), 201)

    floor.each(create, range(have, total), WORKERS)


def measure_listing(sandbox, runner, profile):
    results = []
    sandbox.hook("opa", "POST", "reset")
    for count in profile["listing_ns"]:
        fill_users(sandbox, count)
        times = []
        for _attempt in range(3):
            client = collection_opa_client(runner, sandbox)
            sandbox.hook("opa", "DELETE", "requests")
            started = time.perf_counter()
            users = client.list_service_users()
            times.append(time.perf_counter() - started)
            requests_made = sandbox.hook("opa", "GET", "requests")["total"]
        if len(users) != count:
            raise RuntimeError("listed %d users, expected %d" % (len(users), count))
        del users
        client = collection_opa_client(runner, sandbox)
        client.mint_token()
        tracemalloc.start()
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        users = client.list_service_users()
        held, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del users
        entry = {
            "n": count,
            "requests": requests_made,
            "expected_requests": math.ceil(count / 100) + 1,
            "seconds": statistics.median(times),
            "peak_bytes": peak - baseline,
            "held_bytes": held - baseline,
            "peak_bytes_per_user": (peak - baseline) / count,
        }
        results.append(entry)
        progress(
            "listing %6d OPA users: %d requests (expected %d), %.3f s, peak %.1f MiB (%.0f B/user; the list itself holds %.1f MiB)"
            % (
                count,
                entry["requests"],
                entry["expected_requests"],
                entry["seconds"],
                entry["peak_bytes"] / 2**20,
                entry["peak_bytes_per_user"],
                entry["held_bytes"] / 2**20,
            )
        )
    return results


def measure_rate_limit(sandbox, runner, profile):
    spec = profile["rate"]
    wanted = items_for("opa_users", spec["users"])
    sandbox.reset("opa_users")
    # Set after the reset's own requests; a new limit starts new windows.
    sandbox.hook("opa", "PUT", "config", {"rate_limit": spec["limit"], "rate_limit_window": spec["window"]})
    sandbox.hook("opa", "DELETE", "requests")
    progress("rate limit: %d OPA users with memberships, %d requests per %.0f s ..." % (spec["users"], spec["limit"], spec["window"]))
    outcome = runner.ansible("opa_users", "bulk", wanted)
    log = sandbox.log_summary("opa")
    entries = log.pop("entries")
    sandbox.hook("opa", "PUT", "config", {"rate_limit": 0, "rate_limit_window": 60})
    accepted = [entry for entry in entries if entry["status"] != 429]
    start = entries[0]["time"] if entries else 0.0
    per_window = collections.Counter(int((entry["time"] - start) // spec["window"]) for entry in entries if entry["status"] == 429)
    per_minute_limit = spec["limit"] * 60.0 / spec["window"]
    minimum_brief = len(accepted) / per_minute_limit * 60.0
    # A fixed window lets `limit` requests through at once: the waits are the full windows before the last.
    minimum_windows = (math.ceil(len(accepted) / spec["limit"]) - 1) * spec["window"]
    result = dict(
        outcome,
        users=spec["users"],
        limit=spec["limit"],
        window_s=spec["window"],
        limit_per_minute=per_minute_limit,
        requests=log,
        accepted_requests=len(accepted),
        status_429=log["status_429"],
        max_429_per_window=max(per_window.values()) if per_window else 0,
        windows_with_429=len(per_window),
        minimum_s=minimum_brief,
        minimum_fixed_window_s=minimum_windows,
        ratio_to_minimum=outcome["task_s"] / minimum_brief if minimum_brief else None,
        ratio_to_fixed_window_minimum=outcome["task_s"] / minimum_windows if minimum_windows else None,
        left_to_do=sandbox.still_to_do("opa_users", wanted),
    )
    progress(
        "rate limit: %.1f s for %d accepted requests (minimum %.1f s = requests/R; %.1f s by whole windows), %d x 429, at most %d in one window"
        % (result["task_s"], len(accepted), minimum_brief, minimum_windows, result["status_429"], result["max_429_per_window"])
    )
    return result


def profile_slowest(sandbox, runner, matrix, profile_dir):
    bulk = [entry for entry in matrix if entry["contender"] == "bulk" and entry["ok"]]
    if not bulk:
        return None
    slowest = max(bulk, key=lambda entry: entry["task_s"])
    resource, count, phase = slowest["resource"], slowest["n"], slowest["phase"]
    wanted = items_for(resource, count)
    sandbox.reset(resource, wanted if phase == "noop" else None)
    progress("profile: %s N=%d %s (the slowest bulk case, %.2f s) ..." % (resource, count, phase, slowest["task_s"]))
    args = dict(runner.variables(wanted))
    if RESOURCES[resource]["service"] == "vault":
        module_args = {"url": args["vault_addr"], "token": args["vault_token"], "mount_point": MOUNT, "workers": WORKERS, "config": wanted}
    else:
        module_args = {
            "api_host": args["opa_api_host"], "team": args["opa_team"], "key_id": args["opa_key_id"],
            "key_secret": args["opa_key_secret"], "workers": WORKERS, "config": wanted,
        }  # fmt: skip
    spec_path = os.path.join(runner.work, "profile-spec.json")
    phases_path = os.path.join(profile_dir, "phases.json")
    with open(spec_path, "w", encoding="utf-8") as handle:
        json.dump({"collections": runner.collections_root, "module": RESOURCES[resource]["bulk"], "args": module_args, "phases_out": phases_path}, handle)
    py_spy = shutil.which("py-spy", path=os.path.dirname(sys.executable)) or shutil.which("py-spy")
    raw = os.path.join(profile_dir, "py-spy.txt")
    driver = [sys.executable, os.path.join(HERE, "profile_module.py"), spec_path]
    tool = "cProfile (main thread only)"
    # Phases from a run of its own: a sampling profiler stops the process for every sample.
    subprocess.run(driver, check=True)
    with open(phases_path, encoding="utf-8") as handle:
        phases = json.load(handle)
    sandbox.reset(resource, wanted if phase == "noop" else None)
    if py_spy:
        completed = subprocess.run(
            [py_spy, "record", "--rate", "250", "--format", "raw", "-o", raw, "--"] + driver, capture_output=True, text=True, check=False
        )
        if completed.returncode == 0 and os.path.exists(raw):
            tool = "py-spy (sampling every thread, 250 Hz)"
        else:
            progress("py-spy failed (%s); falling back to cProfile" % completed.stderr.strip()[-300:])
            py_spy = None
    if not py_spy:
        subprocess.run(driver + ["--cprofile", raw], check=True)
    top = summarize_py_spy(raw) if tool.startswith("py-spy") else read_cprofile(raw)
    whole = None
    if py_spy:
        # The same task through ansible-playbook, every process sampled: what Ansible adds.
        sandbox.reset(resource, wanted if phase == "noop" else None)
        whole_raw = os.path.join(profile_dir, "py-spy-ansible-playbook.txt")
        outcome = runner.ansible(
            resource, "bulk", wanted, prefix=[py_spy, "record", "--subprocesses", "--rate", "100", "--format", "raw", "-o", whole_raw, "--"]
        )
        if os.path.exists(whole_raw):
            whole = dict(summarize_py_spy(whole_raw), by_process=samples_by_process(whole_raw), task_s=outcome["task_s"], wall_s=outcome["wall_s"])
    return {
        "case": {"resource": resource, "n": count, "phase": phase, "task_s": slowest["task_s"]},
        "tool": tool,
        "phases": phases,
        "phases_source": "plain run",
        "top": top,
        "ansible_playbook": whole,
    }


def samples_by_process(raw_path):
    """Samples per process of a --subprocesses recording: the controller, its forks, the module."""
    kinds = collections.Counter()
    with open(raw_path, encoding="utf-8") as handle:
        for line in handle:
            stack, _space, count = line.rstrip("\n").rpartition(" ")
            root = stack.split(";", 1)[0]
            if "AnsiballZ" in stack or "ansible_collections.pamops" in stack or "_ansiballz" in stack:
                kind = "the module (AnsiballZ process)"
            elif "ansible-playbook" in root:
                kind = "ansible-playbook (controller and its task fork)"
            else:
                kind = root[:80]
            kinds[kind] += int(count)
    return kinds.most_common(6)


# Frames that wrap everything below them and say nothing of where the time goes.
WRAPPER_FRAMES = (
    "<module>", "_run_module_as_main", "_run_code", "main (profile_module", "process ", "Thread.", "_worker (thread.py)",
    "_WorkItem.run", "main (ansible-playbook)", "CLI.cli_executor", "main (playbook.py)", "PlaybookCLI.run",
)  # fmt: skip


def summarize_py_spy(raw_path, limit=15):
    """Top functions by inclusive and by own samples, from py-spy's collapsed stacks. Python's
    import machinery is one row ("importing modules"), not a dozen of its frames."""
    inclusive, own, total = collections.Counter(), collections.Counter(), 0
    with open(raw_path, encoding="utf-8") as handle:
        for line in handle:
            stack, _space, count = line.rstrip("\n").rpartition(" ")
            if not stack:
                continue
            count = int(count)
            total += count
            frames = [
                frame.split(" (")[0] + " (" + os.path.basename(frame.split(" (")[1].split(":")[0]) + ")" if " (" in frame else frame
                for frame in stack.split(";")
            ]
            if any(frame.startswith("_find_and_load (") for frame in frames):
                inclusive["importing modules (all import frames)"] += count
            for frame in set(frames):
                if "<frozen" not in frame and not frame.startswith(WRAPPER_FRAMES):
                    inclusive[frame] += count
            own[frames[-1]] += count
    return {
        "samples": total,
        "inclusive": [(frame, count, count / total) for frame, count in inclusive.most_common(limit)],
        "own": [(frame, count, count / total) for frame, count in own.most_common(limit)],
    }


def read_cprofile(text_path):
    with open(text_path, encoding="utf-8") as handle:
        return {"text": handle.read()}


def run_throughput(profile, port_base, results_dir):
    out = os.path.join(results_dir, "sandbox_throughput.json")
    env = dict(os.environ)
    if port_base:
        env["PAMOPS_BENCH_PORT_BASE"] = str(port_base + 10)
    progress("the sandbox's own throughput (sandbox_throughput.py) ...")
    completed = subprocess.run(
        [sys.executable, os.path.join(HERE, "sandbox_throughput.py"), "--json", out] + profile["throughput_args"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if completed.returncode != 0 or not os.path.exists(out):
        return {"error": completed.stderr[-1500:]}
    with open(out, encoding="utf-8") as handle:
        return json.load(handle)


# -- report --------------------------------------------------------------------------------------


def find(matrix, resource, count, phase, contender):
    for entry in matrix:
        if (entry["resource"], entry["n"], entry["phase"], entry["contender"]) == (resource, count, phase, contender):
            return entry
    return None


def loop_estimate(matrix, resource, count, phase, contender):
    """(seconds, extrapolated?) for a loop at ``count``: measured, or its time per item at the
    largest N it ran times ``count``."""
    entry = find(matrix, resource, count, phase, contender)
    if entry and entry["ok"]:
        return entry["task_s"], None
    ran = [e for e in matrix if (e["resource"], e["phase"], e["contender"]) == (resource, phase, contender) and e["ok"]]
    if not ran:
        return None, None
    largest = max(ran, key=lambda e: e["n"])
    return largest["per_item_s"] * count, largest["n"]


def counts_run(matrix, resource):
    return sorted(set(entry["n"] for entry in matrix if entry["resource"] == resource))


def ratios(matrix):
    rows = []
    for resource in RESOURCES:
        for count in counts_run(matrix, resource):
            for phase in ("cold", "noop"):
                bulk = find(matrix, resource, count, phase, "bulk")
                if not bulk or not bulk["ok"]:
                    continue
                row = {
                    "resource": resource,
                    "n": count,
                    "phase": phase,
                    "bulk_s": bulk["task_s"],
                    "bulk_requests": bulk["requests"]["total"],
                    "bulk_writes": bulk["requests"]["writes"],
                }
                for name in ("floor-1", "floor-%d" % WORKERS):
                    other = find(matrix, resource, count, phase, name)
                    if other and other["ok"]:
                        row["bulk_vs_" + name] = bulk["task_s"] / other["task_s"]
                        row[name + "_requests"] = other["requests"]["total"]
                        row[name + "_writes"] = other["requests"]["writes"]
                for loop in LOOPS:
                    seconds, extrapolated = loop_estimate(matrix, resource, count, phase, loop)
                    if seconds is not None:
                        row[loop + "_vs_bulk"] = seconds / bulk["task_s"]
                        row[loop + "_extrapolated"] = extrapolated
                rows.append(row)
    return rows


def check_targets(matrix, ratio_rows, listing, rate):
    """Issue 13's targets, at the largest N of each resource."""
    checks = []
    floor_name = "floor-%d" % WORKERS
    for resource in RESOURCES:
        if not counts_run(matrix, resource):
            continue
        count = max(counts_run(matrix, resource))
        for phase in ("cold", "noop"):
            row = next((r for r in ratio_rows if (r["resource"], r["n"], r["phase"]) == (resource, count, phase)), None)
            if row is None:
                checks.append({"target": "%s N=%d %s: bulk ran" % (resource, count, phase), "measured": "failed", "met": False})
                continue
            value = row.get("bulk_vs_" + floor_name)
            checks.append(
                {
                    "target": "%s N=%d %s: bulk <= 1.5x %s" % (resource, count, phase, floor_name),
                    "measured": "%.2fx" % value if value else "n/a",
                    "met": bool(value and value <= 1.5),
                }
            )
            if RESOURCES[resource]["service"] == "vault":
                value = row.get("vault_write_vs_bulk")
                label = " (loop extrapolated from N=%d)" % row["vault_write_extrapolated"] if row.get("vault_write_extrapolated") else ""
                checks.append(
                    {
                        "target": "%s N=%d %s: bulk >= 100x faster than the vault_write loop%s" % (resource, count, phase, label),
                        "measured": "%.0fx" % value if value else "n/a",
                        "met": bool(value and value >= 100),
                    }
                )
            if phase == "noop":
                checks.append({
                    "target": "%s N=%d no-op: bulk sends only reads, no more than %s" % (resource, count, floor_name),
                    "measured": "%d requests, %d writes (floor %s)" % (row["bulk_requests"], row["bulk_writes"], row.get(floor_name + "_requests")),
                    "met": row["bulk_writes"] == 0 and row.get(floor_name + "_requests") is not None and row["bulk_requests"] <= row[floor_name + "_requests"],
                })  # fmt: skip
    for resource in RESOURCES:
        singles = [e for e in matrix if (e["resource"], e["phase"], e["contender"]) == (resource, "noop", "single") and e["ok"]]
        if singles:
            entry = max(singles, key=lambda e: e["n"])
            # The OPA loop mints its one bearer token in a task of its own (opa_token), reused by every item.
            per_task = (entry["requests"]["total"] - (1 if resource == "opa_users" else 0)) / entry["n"]
            checks.append(
                {
                    "target": "%s no-op single-resource task: 1 request (N=%d%s)" % (resource, entry["n"], ", token reused" if resource == "opa_users" else ""),
                    "measured": "%.2f requests per task" % per_task,
                    "met": per_task <= 1.0,
                }
            )
    for entry in listing:
        checks.append(
            {
                "target": "listing %d OPA users in ceil(N/100)+1 = %d requests" % (entry["n"], entry["expected_requests"]),
                "measured": "%d" % entry["requests"],
                "met": entry["requests"] == entry["expected_requests"],
            }
        )
    if len(listing) >= 2:
        small, big = listing[0], listing[-1]
        growth = big["peak_bytes_per_user"] / small["peak_bytes_per_user"]
        checks.append(
            {
                "target": "listing memory linear in N (peak bytes per user at N=%d within 1.5x of N=%d)" % (big["n"], small["n"]),
                "measured": "%.2fx" % growth,
                "met": growth <= 1.5,
            }
        )
    if rate:
        ratio = rate.get("ratio_to_minimum")
        checks.append(
            {"target": "rate limit: <= 1.15x the minimum (requests/R)", "measured": "%.2fx" % ratio if ratio else "n/a", "met": bool(ratio and ratio <= 1.15)}
        )
        fixed = rate.get("ratio_to_fixed_window_minimum")
        checks.append(
            {
                "target": "rate limit: <= 1.15x the minimum by whole windows",
                "measured": "%.2fx" % fixed if fixed else "n/a",
                "met": bool(fixed and fixed <= 1.15),
            }
        )
        checks.append(
            {
                "target": "rate limit: at most one 429 per window",
                "measured": "%d in one window, %d in all" % (rate["max_429_per_window"], rate["status_429"]),
                "met": rate["max_429_per_window"] <= 1,
            }
        )
    return checks


def fmt(value, pattern="%.3f"):
    return "-" if value is None else pattern % value


def markdown(report):
    profile_name = report["profile_name"]
    lines = [
        "# make bench: results",
        "",
        "One run of `%s` on %s, %s; ansible-core %s, ansible %s (community.hashi_vault), Python %s. "
        "The machine is shared with other jobs and was loaded while this ran; figures are one run each."
        % (
            "make bench" + (" BENCH_QUICK=1" if profile_name == "quick" else ""),
            report["machine"]["when"],
            report["machine"]["cpus"],
            report["machine"]["ansible_core"],
            report["machine"]["ansible"],
            report["machine"]["python"],
        ),
        "",
        "- **task**: seconds of the measured Ansible tasks (bench_timer callback), or of the floor script from its first request "
        "to its last answer; neither counts interpreter or ansible-playbook start-up. **wall**: the whole process.",
        "- **requests**: counted by the sandbox's request log (`/_sandbox/requests`), writes in brackets.",
        "- Loops (single, vault_write, uri) ran only up to N = %d, some of them less, to keep the run short (largest N per loop: %s); "
        "their ratios at larger N are **extrapolated** "
        "from their time per item at the largest N they ran, marked *(extrap. from N=...)*."
        % (report["loop_max"], ", ".join("%s to %d" % item for item in sorted(report["loop_ns"].items()))),
        "- Bulk modules and floor-%d use %d worker threads over one keep-alive session; floor-1 is sequential. "
        "The sandbox ran in one process with its state in memory." % (WORKERS, WORKERS),
        "",
        "## Targets (issue 13)",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for check in report["targets"]:
        lines.append("| %s | %s | %s |" % (check["target"], check["measured"], "yes" if check["met"] else "**no**"))
    lines += [
        "",
        "## Ratios",
        "",
        "| resource | N | phase | bulk s | bulk / floor-1 | bulk / floor-%d | single loop / bulk | vault_write loop / bulk | uri loop / bulk |" % WORKERS,
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in report["ratios"]:

        def loop(name, row=row):
            value = row.get(name + "_vs_bulk")
            if value is None:
                return "-"
            return "%.0fx%s" % (value, " *(extrap. from N=%d)*" % row[name + "_extrapolated"] if row.get(name + "_extrapolated") else "")

        lines.append(
            "| %s | %d | %s | %.3f | %s | %s | %s | %s | %s |"
            % (
                row["resource"],
                row["n"],
                row["phase"],
                row["bulk_s"],
                fmt(row.get("bulk_vs_floor-1"), "%.2fx"),
                fmt(row.get("bulk_vs_floor-%d" % WORKERS), "%.2fx"),
                loop("single"),
                loop("vault_write"),
                loop("uri"),
            )
        )
    lines += ["", "## Times and requests", ""]
    for resource, meta in RESOURCES.items():
        lines += [
            "### %s" % meta["title"],
            "",
            "| N | phase | contender | task s | s/item | wall s | requests (writes) | ok |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for entry in report["matrix"]:
            if entry["resource"] != resource:
                continue
            lines.append(
                "| %d | %s | %s | %.3f | %.4f | %.2f | %d (%d) | %s |"
                % (
                    entry["n"],
                    entry["phase"],
                    entry["contender"],
                    entry["task_s"],
                    entry["per_item_s"],
                    entry["wall_s"],
                    entry["requests"]["total"],
                    entry["requests"]["writes"],
                    "yes" if entry["ok"] else "**no**: " + entry.get("error", "")[-200:].replace("\n", " ").replace("|", "/"),
                )
            )
        lines.append("")
    if report.get("latency"):
        delay = report["latency"][0]["latency_s"]
        lines += [
            "## With %.0f ms a request" % (delay * 1000),
            "",
            "On loopback the floor needs about 2 ms a request, so Ansible's fixed cost per task (a few seconds on this loaded machine) "
            "weighs more than it would against a SaaS API. The largest N again, with the sandbox delaying every request by %.0f ms "
            "(its latency fault):" % (delay * 1000),
            "",
            "| resource | N | phase | bulk s | floor-%d s | bulk / floor-%d | requests bulk / floor |" % (WORKERS, WORKERS),
            "|---|---|---|---|---|---|---|",
        ]
        for row in report["latency_ratios"]:
            floor_entry = find(report["latency"], row["resource"], row["n"], row["phase"], "floor-%d" % WORKERS)
            lines.append(
                "| %s | %d | %s | %.2f | %s | %s | %d / %s |"
                % (row["resource"], row["n"], row["phase"], row["bulk_s"], fmt(floor_entry and floor_entry["task_s"], "%.2f"),
                   fmt(row.get("bulk_vs_floor-%d" % WORKERS), "%.2fx"), row["bulk_requests"], row.get("floor-%d_requests" % WORKERS, "-"))
            )  # fmt: skip
        lines.append("")
    lines += [
        "## Listing OPA service users (the collection's OpaClient, in-process)",
        "",
        "| N | requests | expected ceil(N/100)+1 | seconds | peak memory | per user | the list itself |",
        "|---|---|---|---|---|---|---|",
    ]
    for entry in report["listing"]:
        lines.append(
            "| %d | %d | %d | %.3f | %.2f MiB | %.0f B | %.2f MiB |"
            % (
                entry["n"],
                entry["requests"],
                entry["expected_requests"],
                entry["seconds"],
                entry["peak_bytes"] / 2**20,
                entry["peak_bytes_per_user"],
                entry["held_bytes"] / 2**20,
            )
        )
    rate = report.get("rate_limit")
    if rate:
        lines += [
            "",
            "## Under a rate limit",
            "",
            "opa_service_users (cold, %d users with two memberships each, %d workers) with the sandbox limiting the team to %d requests per %.0f s window "
            "(%.0f/minute, the same setting as `pamops-sandbox --rate-limit`, set through `/_sandbox/config`):"
            % (rate["users"], WORKERS, rate["limit"], rate["window_s"], rate["limit_per_minute"]),
            "",
            "| task s | accepted requests | minimum (requests/R) | ratio | minimum by whole windows | ratio | 429s | most 429s in one window | converged |",
            "|---|---|---|---|---|---|---|---|---|",
            "| %.1f | %d | %.1f s | %s | %.1f s | %s | %d | %d | %s |"
            % (
                rate["task_s"],
                rate["accepted_requests"],
                rate["minimum_s"],
                fmt(rate["ratio_to_minimum"], "%.2fx"),
                rate["minimum_fixed_window_s"],
                fmt(rate["ratio_to_fixed_window_minimum"], "%.2fx"),
                rate["status_429"],
                rate["max_429_per_window"],
                "yes" if rate["left_to_do"] == 0 and rate["ok"] else "**no**",
            ),
            "",
            "A fixed window lets a whole window's requests through at once, so the run can beat requests/R; "
            "the minimum by whole windows counts the windows it must wait for.",
        ]
    prof = report.get("profile_of_slowest")
    if prof:
        lines += ["", "## Where the time goes: %s N=%d %s (the slowest bulk case)" % (prof["case"]["resource"], prof["case"]["n"], prof["case"]["phase"]), ""]
        plain = prof.get("phases_source") == "plain run"
        lines.append(
            "The module's `main()` run in-process (benchmarks/profile_module.py) against the same sandbox state. Phases, wall-clock%s:"
            % ("" if plain else ", **timed under py-spy, which stops the process for every sample: inflated, compare shares only**")
        )
        lines += ["", "| phase | seconds |", "|---|---|"] + ["| %s | %.3f |" % (name, seconds) for name, seconds in prof["phases"]] + [""]
        case = prof["case"]
        floor_entry = find(report["matrix"], case["resource"], case["n"], case["phase"], "floor-%d" % WORKERS)
        main_s = dict((name, seconds) for name, seconds in prof["phases"]).get("main() in all")
        smallest = [e for e in report["matrix"] if e["contender"] == "bulk" and e["ok"] and e["n"] == min(counts_run(report["matrix"], e["resource"]))]
        if floor_entry and main_s and plain:
            lines += [
                "In that run of its own the module's `main()` took %.2f s; floor-%d took %.2f s in the matrix, and the task %.2f s. "
                "Ansible's fixed cost per task (controller, AnsiballZ, the module's Python start-up and imports) shows in the bulk "
                "tasks at the smallest N: %s s for a handful of requests."
                % (
                    main_s,
                    WORKERS,
                    floor_entry["task_s"],
                    case["task_s"],
                    "-".join("%.1f" % v for v in (min(e["task_s"] for e in smallest), max(e["task_s"] for e in smallest))),
                ),
                "",
            ]
        if "samples" in prof["top"]:
            lines += [
                "Profiled with %s, %d samples; top functions, inclusive (any thread):" % (prof["tool"], prof["top"]["samples"]),
                "",
                "| function | samples | share |",
                "|---|---|---|",
            ]
            lines += ["| `%s` | %d | %.0f%% |" % (frame, count, share * 100) for frame, count, share in prof["top"]["inclusive"]]
            lines += ["", "Top functions by own time:", "", "| function | samples | share |", "|---|---|---|"]
            lines += ["| `%s` | %d | %.0f%% |" % (frame, count, share * 100) for frame, count, share in prof["top"]["own"]]
        else:
            lines += ["Profiled with %s:" % prof["tool"], "", "```", prof["top"]["text"], "```"]
        whole = prof.get("ansible_playbook")
        if whole:
            lines += [
                "",
                "The same task through ansible-playbook under `py-spy record --subprocesses` "
                "(100 Hz; task %.2f s, wall %.2f s under the profiler), samples by process:" % (whole["task_s"], whole["wall_s"]),
                "",
                "| process | samples |",
                "|---|---|",
            ]
            lines += ["| %s | %d |" % (kind, count) for kind, count in whole["by_process"]]
            lines += ["", "Top functions there, inclusive:", "", "| function | samples | share |", "|---|---|---|"]
            lines += ["| `%s` | %d | %.0f%% |" % (frame, count, share * 100) for frame, count, share in whole["inclusive"]]
    through = report.get("sandbox_throughput")
    if through:
        lines += ["", "## The sandbox's own throughput (benchmarks/sandbox_throughput.py)", "", "| measure | value |", "|---|---|"]
        lines += ["| %s | %s |" % (name, "%.2f" % value if isinstance(value, float) else value) for name, value in through.items()]
    lines += ["", "![time against N](bench.png)", "", "Total run time: %.0f s." % report["seconds"], ""]
    return "\n".join(lines)


def plot(report, path):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    figure, axes = plt.subplots(2, 3, figsize=(15, 9), squeeze=False)
    styles = {
        "bulk": ("tab:blue", "o"),
        "single": ("tab:orange", "s"),
        "vault_write": ("tab:red", "^"),
        "uri": ("tab:purple", "v"),
        "floor-1": ("tab:gray", "x"),
        "floor-%d" % WORKERS: ("black", "+"),
    }
    for column, resource in enumerate(RESOURCES):
        for row, phase in enumerate(("cold", "noop")):
            axis = axes[row][column]
            for contender, (colour, marker) in styles.items():
                points = sorted(
                    (e["n"], e["task_s"])
                    for e in report["matrix"]
                    if (e["resource"], e["phase"], e["contender"]) == (resource, phase, contender) and e["ok"] and e["task_s"] > 0
                )
                if points:
                    axis.plot([p[0] for p in points], [p[1] for p in points], marker=marker, color=colour, label=contender)
                    largest = max(counts_run(report["matrix"], resource))
                    if contender in LOOPS and points[-1][0] < largest:
                        # Extrapolated at the loop's time per item: dashed, no marker.
                        last_n, last_s = points[-1]
                        axis.plot([last_n, largest], [last_s, last_s * largest / last_n], linestyle="--", color=colour, alpha=0.6)
            axis.set_xscale("log")
            axis.set_yscale("log")
            axis.set_title("%s, %s" % (RESOURCES[resource]["title"], "no-op" if phase == "noop" else "cold"), fontsize=10)
            axis.set_xlabel("N objects")
            axis.set_ylabel("task time (s)")
            axis.grid(True, which="both", alpha=0.3)
            axis.legend(fontsize=8)
    figure.suptitle("make bench: time against N (loops measured to N=%d at most; dashed: extrapolated)" % report["loop_max"])
    figure.tight_layout()
    figure.savefig(path, dpi=80)
    plt.close(figure)


def print_table(report):
    print()
    print("%-12s %6s %-5s %-12s %10s %10s %9s %14s" % ("resource", "N", "phase", "contender", "task s", "s/item", "wall s", "requests(wr)"))
    for entry in report["matrix"]:
        print(
            "%-12s %6d %-5s %-12s %10.3f %10.4f %9.2f %8d (%d)%s"
            % (
                entry["resource"],
                entry["n"],
                entry["phase"],
                entry["contender"],
                entry["task_s"],
                entry["per_item_s"],
                entry["wall_s"],
                entry["requests"]["total"],
                entry["requests"]["writes"],
                "" if entry["ok"] else "  FAILED",
            )
        )
    print()
    print(
        "%-12s %6s %-5s %9s %10s %10s %13s %13s %13s"
        % ("resource", "N", "phase", "bulk s", "/floor-1", "/floor-%d" % WORKERS, "single/bulk", "vw/bulk", "uri/bulk")
    )
    for row in report["ratios"]:

        def loop(name, row=row):
            value = row.get(name + "_vs_bulk")
            return "-" if value is None else "%.0fx%s" % (value, "*%d" % row[name + "_extrapolated"] if row.get(name + "_extrapolated") else "")

        print(
            "%-12s %6d %-5s %9.3f %10s %10s %13s %13s %13s"
            % (
                row["resource"],
                row["n"],
                row["phase"],
                row["bulk_s"],
                fmt(row.get("bulk_vs_floor-1"), "%.2fx"),
                fmt(row.get("bulk_vs_floor-%d" % WORKERS), "%.2fx"),
                loop("single"),
                loop("vault_write"),
                loop("uri"),
            )
        )
    print("(*M: extrapolated from the loop's time per item at N=M)")
    print()
    for check in report["targets"]:
        print("%-4s %s: %s" % ("ok" if check["met"] else "MISS", check["target"], check["measured"]))


def machine_facts():
    facts = {"when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": "%d CPUs" % os.cpu_count(), "python": platform.python_version()}
    try:
        from importlib.metadata import version  # pylint: disable=import-outside-toplevel

        facts["ansible_core"] = version("ansible-core")
        facts["ansible"] = version("ansible")
    except Exception:  # pylint: disable=broad-except
        facts.setdefault("ansible_core", "?")
        facts.setdefault("ansible", "not installed")
    try:
        facts["load_average_at_start"] = os.getloadavg()
    except OSError:
        pass
    return facts


def write_report(report, results_dir):
    report["ratios"] = ratios(report["matrix"])
    report["targets"] = check_targets(report["matrix"], report["ratios"], report["listing"], report["rate_limit"])
    report["latency_ratios"] = ratios(report.get("latency") or [])
    for row in report["latency_ratios"]:
        value = row.get("bulk_vs_floor-%d" % WORKERS)
        delay = next(e["latency_s"] for e in report["latency"] if e["resource"] == row["resource"])
        report["targets"].append(
            {
                "target": "%s N=%d %s with +%.0f ms a request: bulk <= 1.5x floor-%d" % (row["resource"], row["n"], row["phase"], delay * 1000, WORKERS),
                "measured": "%.2fx" % value if value else "n/a",
                "met": bool(value and value <= 1.5),
            }
        )
    plot(report, os.path.join(results_dir, "bench.png"))
    with open(os.path.join(results_dir, "bench.md"), "w", encoding="utf-8") as handle:
        handle.write(markdown(report))
    print_table(report)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument(
        "--quick", action="store_true", default=os.environ.get("BENCH_QUICK", "") not in ("", "0"), help="the smoke profile (also BENCH_QUICK=1)"
    )
    parser.add_argument(
        "--port-base",
        type=int,
        default=int(os.environ.get("BENCH_PORT_BASE", "0") or 0),
        help="sandbox ports from here (default: free ones); the throughput run uses base+10..",
    )
    parser.add_argument("--results", help="directory for bench.md, bench.json and bench.png")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS, help="leave a part out")
    parser.add_argument("--only", action="append", default=[], choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--keep-work", action="store_true", help="keep the playbooks and logs of the run")
    parser.add_argument("--report-from", metavar="JSON", help="only write bench.md and bench.png again from a bench.json")
    args = parser.parse_args()
    if args.report_from:
        with open(args.report_from, encoding="utf-8") as handle:
            report = json.load(handle)
        write_report(report, args.results or os.path.dirname(os.path.abspath(args.report_from)))
        return 0
    if args.only:
        args.skip = [part for part in PARTS if part not in args.only]
    profile_name = "quick" if args.quick else "full"
    profile = PROFILES[profile_name]
    results_dir = args.results or profile["results"]
    os.makedirs(results_dir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="pamops-bench-")
    report = {"profile_name": profile_name, "loop_max": profile["loop_max"], "workers": WORKERS, "machine": machine_facts()}
    report["loop_ns"] = dict(
        ("%s %s" % (resource, loop), min(max(profile["ns"][resource]), loop_limit(resource, loop, profile)))
        for resource in RESOURCES
        for loop in LOOPS
        if not (resource == "opa_users" and loop == "vault_write")
    )
    progress("make bench (%s profile); work files in %s" % (profile_name, work))
    sandbox = Sandbox(work, args.port_base)
    progress("sandbox up: OPA %s, Vault %s" % (sandbox.env["OKTAPAM_API_HOST"], sandbox.env["VAULT_ADDR"]))
    try:
        runner = Runner(work, sandbox)
        report["matrix"] = [] if "matrix" in args.skip else run_matrix(sandbox, runner, profile)
        report["latency"] = [] if "latency" in args.skip else run_latency(sandbox, runner, profile)
        report["listing"] = [] if "listing" in args.skip else measure_listing(sandbox, runner, profile)
        report["rate_limit"] = None if "rate" in args.skip else measure_rate_limit(sandbox, runner, profile)
        report["profile_of_slowest"] = None if "profile" in args.skip else profile_slowest(sandbox, runner, report["matrix"], results_dir)
    finally:
        sandbox.stop()
        if not args.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    report["sandbox_throughput"] = None if "throughput" in args.skip else run_throughput(profile, args.port_base, results_dir)
    report["seconds"] = time.monotonic() - STARTED
    write_report(report, results_dir)
    with open(os.path.join(results_dir, "bench.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=1, default=str)
    progress("wrote %s/bench.md, bench.json and bench.png" % results_dir)
    return 0 if all(entry["ok"] for entry in report["matrix"]) and (report["rate_limit"] or {}).get("ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
