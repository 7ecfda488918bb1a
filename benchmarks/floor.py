"""The raw floor of `make bench`: a plain ``requests`` script, one keep-alive session, sending
the fewest requests that do the same work as the bulk modules.

- Vault Okta groups and users: LIST the kind, GET each listed object the config names, then
  write (a full replace) each one that is new or differs, compared as Vault normalises it.
- OPA service users with memberships: mint a token, page through the users and the groups;
  when some listed user already exists, page through each live group's members; then create
  each missing user and add (or remove) its memberships.

Reads and writes go out on ``workers`` threads over the one session (1: sequential), as the
bulk modules do. Run as a script it reads a spec (JSON: kind, env, mount, items, workers) and
prints ``{"elapsed": seconds, "sent": requests}``; bench.py also imports it to fill the sandbox.
"""

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from requests.adapters import HTTPAdapter

OPA_TEAM_PATH = "%s/v1/teams/%s"


class CountingSession(requests.Session):
    """A Session that counts what it sends (the sandbox log counts too; this cross-checks)."""

    def __init__(self, workers=1):
        super().__init__()
        self.trust_env = False
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(10, workers))
        self.mount("http://", adapter)
        self.mount("https://", adapter)
        self.sent = 0
        self._lock = threading.Lock()

    def request(self, method, url, *args, **kwargs):  # pylint: disable=arguments-differ
        with self._lock:
            self.sent += 1
        kwargs.setdefault("timeout", 60)
        return super().request(method, url, *args, **kwargs)


def each(function, arguments, workers):
    arguments = list(arguments)
    if workers <= 1 or len(arguments) <= 1:
        return [function(argument) for argument in arguments]
    with ThreadPoolExecutor(max_workers=min(workers, len(arguments))) as pool:
        return list(pool.map(function, arguments))


def checked(response, *statuses):
    if response.status_code not in statuses:
        raise RuntimeError("%s %s: HTTP %d %s" % (response.request.method, response.url, response.status_code, response.text[:300]))
    return response


# -- Vault ------------------------------------------------------------------------------------


def vault_view(kind, data):
    """What Vault's Okta method keeps, compared as it normalises (policies lower-cased for groups)."""
    data = data or {}
    if kind == "groups":
        return {"policies": sorted(set(p.strip().lower() for p in data.get("policies") or []))}
    return {"groups": sorted(set(data.get("groups") or [])), "policies": sorted(set(data.get("policies") or []))}


def vault_converge(session, env, mount, kind, items, workers, dry_run=False):
    base = "%s/v1/auth/%s/%s" % (env["VAULT_ADDR"], mount, kind)
    headers = {"X-Vault-Token": env["VAULT_TOKEN"]}
    listing = checked(session.request("LIST", base, headers=headers), 200, 404)
    existing = set(listing.json().get("data", {}).get("keys") or []) if listing.status_code == 200 else set()
    wanted = dict((item["name"], dict((k, v) for k, v in item.items() if k != "name")) for item in items)
    listed = [name for name in wanted if name in existing]

    def read(name):
        return name, vault_view(kind, checked(session.get("%s/%s" % (base, name), headers=headers), 200).json().get("data"))

    current = dict(each(read, listed, workers))
    to_write = [name for name in wanted if name not in current or current[name] != vault_view(kind, wanted[name])]
    if dry_run:
        return len(to_write)

    def write(name):
        checked(session.post("%s/%s" % (base, name), json=wanted[name], headers=headers), 200, 204)

    each(write, to_write, workers)
    return len(to_write)


# -- OPA --------------------------------------------------------------------------------------


def opa_token(session, env, team=None):
    team = team or env["OKTAPAM_TEAM"]
    answer = checked(
        session.post(
            OPA_TEAM_PATH % (env["OKTAPAM_API_HOST"], team) + "/service_token", json={"key_id": env["OKTAPAM_KEY"], "key_secret": env["OKTAPAM_SECRET"]}
        ),
        200,
        201,
    )
    return {"Authorization": "Bearer %s" % answer.json()["bearer_token"]}


def opa_list(session, url, headers):
    """Every item of a paged listing (Link rel=next)."""
    items = []
    while url:
        answer = checked(session.get(url, headers=headers), 200)
        items.extend(answer.json().get("list") or [])
        url = answer.links.get("next", {}).get("url")
    return items


def opa_converge(session, env, items, workers, dry_run=False):
    base = OPA_TEAM_PATH % (env["OKTAPAM_API_HOST"], env["OKTAPAM_TEAM"])
    headers = opa_token(session, env)
    users = set(user["name"] for user in opa_list(session, base + "/service_users", headers) if user.get("status") != "DELETED")
    groups = [group["name"] for group in opa_list(session, base + "/groups", headers) if not group.get("deleted_at")]
    memberships = dict((item["name"], set()) for item in items if item["name"] in users)
    if memberships:

        def members(group):
            return group, [member["name"] for member in opa_list(session, "%s/groups/%s/users" % (base, group), headers)]

        for group, names in each(members, groups, workers):
            for name in names:
                if name in memberships:
                    memberships[name].add(group)
    missing = set(group for item in items for group in item["groups"]) - set(groups)
    if missing:
        raise RuntimeError("groups %s do not exist" % sorted(missing))
    if dry_run:
        return sum(1 for item in items if item["name"] not in users or memberships.get(item["name"]) != set(item["groups"]))

    def converge(item):
        name = item["name"]
        wrote = False
        if name not in users:
            checked(session.post(base + "/service_users", json={"name": name}, headers=headers), 201)
            wrote = True
        current = memberships.get(name, set())
        for group in sorted(set(item["groups"]) - current):
            checked(session.post("%s/groups/%s/users" % (base, group), json={"name": name}, headers=headers), 200, 204)
            wrote = True
        for group in sorted(current - set(item["groups"])):
            checked(session.delete("%s/groups/%s/users/%s" % (base, group, name), headers=headers), 204)
            wrote = True
        return wrote

    changed = each(converge, items, workers)
    return sum(changed)


def converge(spec, session=None, dry_run=False):
    """Bring the sandbox to ``spec``; returns how many objects needed writes (only counted
    when ``dry_run``)."""
    workers = int(spec.get("workers", 1))
    session = session or CountingSession(workers)
    if spec["kind"] == "opa_users":
        return opa_converge(session, spec["env"], spec["items"], workers, dry_run)
    return vault_converge(session, spec["env"], spec["mount"], spec["kind"].split("_", 1)[1], spec["items"], workers, dry_run)


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    session = CountingSession(int(spec.get("workers", 1)))
    started = time.perf_counter()
    written = converge(spec, session)
    elapsed = time.perf_counter() - started
    print(json.dumps({"elapsed": elapsed, "sent": session.sent, "changed_objects": written}))


if __name__ == "__main__":
    main()
