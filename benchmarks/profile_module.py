"""Run one pamops.okta module's ``main()`` in this process, as Ansible would run it on the host,
and time its phases: for `make bench`'s "where the time goes" (run under py-spy, or with
``--cprofile FILE`` for cProfile of the main thread).

Usage: profile_module.py SPEC.json [--cprofile OUT.txt]; SPEC holds ``collections`` (a directory
with ansible_collections/pamops/okta), ``module``, ``args`` and ``phases_out``.
"""

import contextlib
import cProfile
import importlib
import io
import json
import pstats
import sys
import time


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    cprofile_out = sys.argv[sys.argv.index("--cprofile") + 1] if "--cprofile" in sys.argv else None
    started = time.perf_counter()
    phases = []

    def mark(name, since):
        phases.append((name, time.perf_counter() - since))

    sys.path.insert(0, spec["collections"])
    from ansible.module_utils import basic  # pylint: disable=import-outside-toplevel

    module = importlib.import_module("ansible_collections.pamops.okta.plugins.modules." + spec["module"])
    from ansible_collections.pamops.okta.plugins.module_utils import ansible_adapter  # pylint: disable=import-outside-toplevel

    mark("import the module (ansible.module_utils, requests, the collection)", started)

    # Time the plan layer's phases by wrapping what run_bulk calls.
    def timed(name, function):
        def wrapper(*args, **kwargs):
            since = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                mark(name, since)

        return wrapper

    ansible_adapter.plan_changes = timed("plan (compare current with config)", ansible_adapter.plan_changes)
    ansible_adapter.apply_changes = timed("apply (writes, on the workers)", ansible_adapter.apply_changes)
    ansible_adapter.summarize = timed("summarize", ansible_adapter.summarize)
    original_init = ansible_adapter.PamopsModule.__init__
    ansible_adapter.PamopsModule.__init__ = timed("AnsibleModule: parse and check arguments", original_init)
    for resource_module in ("vault.resources", "opa.resources"):
        resources = importlib.import_module("ansible_collections.pamops.okta.plugins.module_utils." + resource_module)
        for value in list(vars(resources).values()):
            if isinstance(value, type) and "read_current" in vars(value):
                value.read_current = timed("read current state (listings and reads)", value.read_current)
    original_exit = ansible_adapter.PamopsModule.exit

    def timed_exit(self, **result):
        since = time.perf_counter()
        try:
            original_exit(self, **result)
        finally:
            mark("exit_json (serialise the result)", since)

    ansible_adapter.PamopsModule.exit = timed_exit

    basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": spec["args"]}).encode()  # pylint: disable=protected-access
    basic._ANSIBLE_PROFILE = "legacy"  # pylint: disable=protected-access
    output = io.StringIO()
    profiler = cProfile.Profile() if cprofile_out else None
    run_started = time.perf_counter()
    with contextlib.redirect_stdout(output):
        try:
            if profiler:
                profiler.runcall(module.main)
            else:
                module.main()
        except SystemExit:
            pass
    mark("main() in all", run_started)
    result = json.loads(output.getvalue() or "{}")
    if result.get("failed"):
        raise SystemExit("the module failed: %s" % result.get("msg"))
    with open(spec["phases_out"], "w", encoding="utf-8") as handle:
        json.dump(phases, handle)
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(25)
        with open(cprofile_out, "w", encoding="utf-8") as handle:
            handle.write(text.getvalue())


if __name__ == "__main__":
    main()
