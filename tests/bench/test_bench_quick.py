"""`make bench`'s smoke profile end to end (about 4 minutes; not part of `make test`):
.venv/bin/python -m pytest tests/bench  (needs .venv-bench: make bench BENCH_QUICK=1 makes it).

Every contender must converge the sandbox (the bench re-reads the state after each run), the
no-op bulk runs must send only reads and no more than the floor, and the reports must be written.
"""

import json
import os
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_PYTHON = os.path.join(REPO, ".venv-bench", "bin", "python")


@pytest.mark.skipif(not os.path.exists(BENCH_PYTHON), reason="no .venv-bench: run make bench BENCH_QUICK=1 once")
def test_quick_profile(tmp_path):
    completed = subprocess.run(
        [BENCH_PYTHON, os.path.join(REPO, "benchmarks", "bench.py"), "--quick", "--skip", "throughput", "--results", str(tmp_path)],
        capture_output=True, text=True, timeout=1500, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    with open(tmp_path / "bench.json", encoding="utf-8") as handle:
        report = json.load(handle)
    assert all(entry["ok"] and entry["left_to_do"] == 0 for entry in report["matrix"])
    contenders = {(entry["resource"], entry["contender"]) for entry in report["matrix"]}
    assert ("vault_groups", "vault_write") in contenders and ("opa_users", "uri") in contenders
    for entry in report["matrix"]:
        if entry["contender"] == "bulk" and entry["phase"] == "noop":
            floor = next(
                e for e in report["matrix"] if (e["resource"], e["n"], e["phase"], e["contender"]) == (entry["resource"], entry["n"], "noop", "floor-8")
            )
            assert entry["requests"]["writes"] == 0 and entry["changed"] is False
            assert entry["requests"]["total"] <= floor["requests"]["total"]
    assert [entry["requests"] for entry in report["listing"]] == [entry["expected_requests"] for entry in report["listing"]]
    assert report["rate_limit"]["left_to_do"] == 0
    assert (tmp_path / "bench.md").read_text().startswith("# make bench")
    assert (tmp_path / "bench.png").stat().st_size > 10000
