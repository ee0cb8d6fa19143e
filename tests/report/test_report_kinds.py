"""Codegen and choice runs in report and compare: Pass@1, pass@k, Avg@k, accuracy and money earned, in the
terminal numbers, the JSON and the HTML page. The runs go through the real run engine and grader (the
codegen programs are judged in the sandbox); only the model is a small fake answering from the prompt."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from swegauge.models import Completion, ModelSettings
from swegauge.report.compare import compare_systems
from swegauge.report.html import render_html
from swegauge.report.load import load_run
from swegauge.report.settings import ReportSettings
from swegauge.report.summary import summarize_systems
from swegauge.runner.commands import make_grader
from swegauge.runner.run import RunEngine, RunSettings, record_run_meta
from swegauge.store import Store
from swegauge.tasks import load_suite

CODEGEN = ["codegen-sum-list-python", "codegen-word-frequency-python"]
CHOICE = ["choice-cache-stale-after-rename", "choice-double-submit-payment", "choice-retry-storm"]
RIGHT_SUM = "import sys\nd = sys.stdin.read().split()\nprint(sum(int(x) for x in d[1:1 + int(d[0])]))\n"


class PromptModel:
    """Sums correctly, answers word-frequency wrongly, always picks proposal 1."""

    def __init__(self) -> None:
        self.settings = ModelSettings(name="fake/judge-me", context_window=8192, max_tokens=512, use_cache=False)

    @property
    def name(self) -> str:
        return self.settings.name

    async def complete(self, messages: list[dict[str, Any]], *, tools: Any = None, tool_choice: Any = None,
                       attempt: int = 0) -> Completion:
        prompt = messages[-1]["content"]
        if "proposal" in prompt.lower() and "ANSWER" in prompt:
            text = "Proposal 1 fixes the cause.\nANSWER: 1"
        elif "n integers" in prompt:
            text = f"```python\n{RIGHT_SUM}```"
        else:
            text = "```python\nprint('nope')\n```"
        return Completion(model=self.name, attempt=attempt, text=text, prompt_tokens=100, completion_tokens=30,
                          cost_usd=0.0, latency_s=0.01)


def run(tmp_path, name: str, ids: list[str], solver: str, attempts: int):
    tasks = {t.instance_id: t for s in ("starter-codegen", "starter-choice") for t in load_suite(s).tasks}
    chosen = [tasks[i] for i in ids]
    settings = RunSettings(suite="mixed", solver=solver, attempts=attempts, run_dir=tmp_path / name)
    store = Store(settings.run_dir)
    store.save_tasks({t.instance_id: t.model_dump_json() for t in chosen})
    record_run_meta(store, settings)
    engine = RunEngine(settings, tasks=chosen, store=store, grader=make_grader())
    model = PromptModel()

    async def all_jobs():
        for task in chosen:
            for attempt in range(attempts):
                await engine.one(task, attempt, model)

    asyncio.run(all_jobs())
    store.close()
    return settings.run_dir


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("kinds")
    return (run(base, "codegen-k2", CODEGEN, "codegen", 2), run(base, "mixed", CODEGEN + CHOICE, "codegen", 1),
            run(base, "choice", CHOICE, "choice", 1))


def metrics_of(run_dir):
    [system] = load_run(run_dir).systems
    [summary] = summarize_systems([system], ReportSettings(n_resamples=500))
    return summary, {m.name: m for m in summary.metrics}


def test_codegen_with_k_attempts_reports_avg_at_k_and_pass_at_k(runs):
    _, metrics = metrics_of(runs[0])
    # sum-list: accepted on both attempts; word-frequency: on neither
    assert metrics["Avg@2 accepted rate (= pass@1)"].value == pytest.approx(0.5)
    assert metrics["pass@2"].value == pytest.approx(0.5)


def test_a_mixed_run_has_codegen_pass_at_1_choice_accuracy_and_money(runs):
    summary, metrics = metrics_of(runs[1])
    assert metrics["Pass@1 (codegen tasks)"].value == pytest.approx(0.5)
    assert metrics["exact-match accuracy (choice tasks)"].value == pytest.approx(0.0)  # codegen solver: no choice
    money = next(m for name, m in metrics.items() if name.startswith("money earned"))
    assert money.value == 0.0 and "$0 of $3,250.00" in money.name
    html = render_html([summary], [], ReportSettings(n_resamples=500))
    assert "Pass@1 (codegen tasks)" in html and "money earned (choice tasks): $0 of $3,250.00" in html
    assert "hidden tests" in html and "wrong answer" in html  # word-frequency's first test, in the drill-down


def test_choice_runs_earn_the_price_of_what_they_got_right(runs):
    summary, metrics = metrics_of(runs[2])
    # proposal 1 is right for cache-stale ($250) and retry-storm ($2000), wrong for double-submit ($1000)
    assert metrics["exact-match accuracy"].value == pytest.approx(2 / 3)
    assert metrics["exact-match accuracy"].headline.method.startswith("Wilson")
    money = next(m for name, m in metrics.items() if name.startswith("money earned"))
    assert "$2,250.00 of $3,250.00" in money.name and money.value == pytest.approx(2250 / 3250)


def test_compare_names_the_kinds_and_the_money(runs):
    [mixed] = load_run(runs[1]).systems
    [choice] = load_run(runs[2]).systems
    comparison = compare_systems(mixed, choice, ReportSettings(n_resamples=500))
    notes = " | ".join(comparison.notes)
    assert "choice exact-match accuracy on 3 shared tasks" in notes
    assert "money earned on 3 shared choice tasks (of $3,250.00)" in notes and "$2,250.00" in notes


def test_the_cutoff_splits_codegen_tasks_by_the_date_they_were_written(runs):
    from datetime import date

    [system] = load_run(runs[0]).systems
    [summary] = summarize_systems([system], ReportSettings(n_resamples=500, cutoff=date(2025, 1, 1)))
    split = next(b for b in summary.breakdowns if b.dimension.startswith("created_at vs cutoff"))
    groups = {g.key: (g.n, g.value) for g in split.groups}
    # sum-list was written 2024-03-02 (solved on both attempts), word-frequency 2025-07-07 (never)
    assert groups == {"before 2025-01-01": (1, 1.0), "on/after 2025-01-01": (1, 0.0)}
