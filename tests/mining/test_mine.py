"""Mining a repository built here with a known history: good candidates and decoys."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from swegauge.cli import app
from swegauge.tasks import load_suite
from tests.helpers import commit_files, git, make_repo

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")]

PRICE = "def total(items):\n    return sum(items)\n\n\ndef discount(value, pct):\n    return value - value * pct / 100\n"
TESTS = "from shop.price import total\n\n\ndef test_total():\n    assert total([1, 2]) == 3\n"


def _history(root):
    repo = make_repo(root / "shop", {"shop/__init__.py": "", "shop/price.py": PRICE, "tests/__init__.py": "",
                                     "tests/test_price.py": TESTS, "requirements.txt": "\n"}, "initial")
    # 1. good: a fix with a failing-then-passing test, linked to issue #7
    commit_files(repo, {
        "shop/price.py": PRICE.replace("return sum(items)", "return round(sum(items), 2)"),
        "tests/test_price.py": TESTS + "\n\ndef test_total_rounds():\n    assert total([0.1, 0.2]) == 0.3\n",
    }, "Round totals to cents (fixes #7)")
    # 2. decoy: tests only
    commit_files(repo, {"tests/test_more.py": "def test_more():\n    assert 1 + 1 == 2\n"}, "more tests")
    # 3. decoy: source only
    commit_files(repo, {"shop/util.py": "X = 1\n"}, "add util")
    # 4. decoy: source + test that passes before the change too
    commit_files(repo, {"shop/util.py": "X = 2\n", "tests/test_util.py": "def test_truth():\n    assert True\n"},
                 "tweak util")
    # 5. decoy: a flaky test
    commit_files(repo, {"shop/util.py": "X = 3\n", "tests/test_flaky.py":
                        "import random\n\n\ndef test_coin():\n    assert random.SystemRandom().random() < 0.5\n"},
                 "coin flip")
    # 6. good, multi-file, on a pull-request ref (not on the main line)
    main = git(repo, "rev-parse", "HEAD").strip()
    git(repo, "checkout", "-q", "-b", "feature")
    commit_files(repo, {"shop/price.py": PRICE.replace("value * pct / 100", "value * min(pct, 100) / 100"),
                        "shop/limits.py": "MAX_PCT = 100\n",
                        "tests/test_discount.py": "from shop.price import discount\n\n\n"
                                                  "def test_discount_caps():\n    assert discount(10, 150) == 0\n"},
                 "Cap discounts at 100%")
    git(repo, "update-ref", "refs/pull/12/head", "HEAD")
    git(repo, "checkout", "-q", "main")
    assert git(repo, "rev-parse", "HEAD").strip() == main
    # 7. an environment that cannot build: a bad requirement, then a real change on top of it
    commit_files(repo, {"requirements.txt": "swegauge-no-such-package-zzz==9.9.9\n"}, "pin a dependency")
    commit_files(repo, {"shop/price.py": PRICE.replace("pct / 100", "pct / 100.0"),
                        "tests/test_price.py": TESTS + "\n\ndef test_pct():\n    from shop.price import discount\n"
                                                       "    assert discount(5, 0) == 5\n"}, "float division")
    return repo


def test_mine_finds_exactly_the_expected_tasks_and_validate_agrees(tmp_path):
    repo = _history(tmp_path)
    issues = tmp_path / "issues.json"
    issues.write_text(json.dumps([{"number": 7, "title": "Totals show 0.30000000000000004",
                                   "body": "Adding 0.1 and 0.2 shows a long float in the cart."}]))
    out = tmp_path / "mined.jsonl"
    runner = CliRunner()
    args = ["mine", str(repo), "--out", str(out), "--repeat", "5", "--name", "acme/shop", "--issues", str(issues)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    tasks = {t.instance_id: t for t in load_suite(str(out)).tasks}
    by_subject = {t.FAIL_TO_PASS[0]: t for t in tasks.values()}
    assert set(by_subject) == {"tests/test_price.py::test_total_rounds", "tests/test_discount.py::test_discount_caps"}
    rounding = by_subject["tests/test_price.py::test_total_rounds"]
    assert rounding.FAIL_TO_PASS == ["tests/test_price.py::test_total_rounds"]
    assert rounding.PASS_TO_PASS == ["tests/test_price.py::test_total"]
    assert rounding.problem_statement.startswith("Totals show 0.30000000000000004")
    assert "tests/" not in rounding.patch and "shop/price.py" in rounding.patch
    assert rounding.created_at is not None and rounding.difficulty.lines_changed == 2
    pull = by_subject["tests/test_discount.py::test_discount_caps"]
    assert "pull" in pull.tags and "multi-file" in pull.tags and pull.PASS_TO_PASS == []
    for stage in ("changes seen", "passed the cheap filter", "environment built", "kept"):
        assert stage in result.output
    assert "no test files changed (source only)" in result.output
    assert "no source files changed (tests only)" in result.output
    assert "rejected at environment" in result.output
    assert "rejected at tests: no test goes from failing to passing" in result.output
    assert "test_coin" not in out.read_text()  # the flaky test never reaches the suite

    # a rerun judges nothing again and writes the same suite
    before = out.read_text()
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and out.read_text() == before
    assert again.output.split("mining funnel")[1] == result.output.split("mining funnel")[1]

    # validate on the mined suite agrees: gold resolves, empty does not
    verdict = runner.invoke(app, ["validate", str(out), "--run-dir", str(tmp_path / "validate"),
                                  "--json", str(tmp_path / "v.json")])
    rows = json.loads((tmp_path / "v.json").read_text())["tasks"]
    assert verdict.exit_code == 0, verdict.output
    assert len(rows) == 2 and all(r["gold_resolved"] and not r["empty_resolved"] for r in rows)
