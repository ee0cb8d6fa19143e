"""SWE-Lancer Manager rows from the benchmark's CSV layout -> choice tasks."""

from __future__ import annotations

import csv

import pytest

from swegauge.solvers import ProblemView
from swegauge.tasks.swelancer import SwelancerError, load_swelancer_csv

BIG = "x" * 200_000  # over csv's default 128 KiB field limit, as real manager_data cells are

MANAGER_DATA = {
    "all_proposals": [{"id": 0, "full_text": "draft"}],
    "game": {"correct_proposal_scraped_beforehand": False,
             "all_proposals": [{"id": 0, "content": "Strip the bold style before rendering.", "explanation": "e0"},
                               {"id": 1, "content": "Change the ExpensiMark heading rule. " + BIG, "explanation": "e1"}],
             "correct_proposal": {"id": 1, "explanation": "Proposal #1 was merged."}},
    "price": 4000.0, "title": "[$4000] Code block in a heading is bold for a moment",
    "html_description": "## Action Performed:\r\n1. Send `# ```code```` \r\n",
}


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["question_id", "variant", "price", "price_limit", "prompt",
                                                    "manager_data", "manager_commit", "acceptable_folders", "cwd"])
        writer.writeheader()
        writer.writerows(rows)


def test_manager_rows_become_choice_tasks(tmp_path):
    path = tmp_path / "swelancer_tasks.csv"
    write_csv(path, [
        {"question_id": "15193-manager-0", "variant": "swe_manager", "price": "4000.0",
         "manager_data": repr(MANAGER_DATA), "manager_commit": "ae3c5d1f", "cwd": "/app/expensify"},
        {"question_id": "14294", "variant": "ic_swe", "price": "4000.0", "prompt": "[...]"},
    ])
    tasks, skipped = load_swelancer_csv(path)
    assert skipped == 1
    [task] = tasks
    assert task.kind == "choice" and task.instance_id == "15193-manager-0" and task.repo == "Expensify/App"
    assert task.base_commit == "ae3c5d1f" and task.correct_proposal == "1" and "price:4000.0" in task.tags
    assert [p["id"] for p in task.proposals] == ["0", "1"] and task.proposals[1]["text"].endswith(BIG)
    assert task.problem_statement.startswith("[$4000] Code block in a heading")
    assert "Action Performed" in task.problem_statement
    assert "explanation" not in task.proposals[0]  # the dataset's notes on who won are never shown
    assert "correct_proposal" not in ProblemView.of(task).model_dump()


def test_a_broken_manager_row_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    write_csv(path, [{"question_id": "99-manager-0", "variant": "swe_manager", "manager_data": "{'game': {}}"}])
    with pytest.raises(SwelancerError, match="99-manager-0: unreadable manager_data"):
        load_swelancer_csv(path)


def test_a_swelancer_csv_is_a_suite_and_gold_picks_the_right_proposal(tmp_path):
    import asyncio

    from swegauge.solvers import ModelSession, SolveContext, make_solver
    from swegauge.tasks import load_suite

    path = tmp_path / "lancer.csv"
    write_csv(path, [{"question_id": "15193-manager-0", "variant": "swe_manager", "price": "4000.0",
                      "manager_data": repr(MANAGER_DATA), "manager_commit": "ae3c5d1f", "cwd": "/app/expensify"},
                     {"question_id": "14294", "variant": "ic_swe", "price": "4000.0", "prompt": "[...]"}])
    report = load_suite(str(path))
    [task] = report.tasks
    assert report.skipped == 1 and task.kind == "choice"
    gold = make_solver("gold", tasks=[task])
    ctx = SolveContext(problem=ProblemView.of(task), attempt=0, session=ModelSession(None, instance_id=task.instance_id,
                                                                                     attempt=0), bench=None)
    assert asyncio.run(gold.solve(ctx)).detail["choice"] == task.correct_proposal


def test_a_malformed_row_is_skipped_with_its_row_number_and_the_rest_loads(tmp_path):
    from swegauge.tasks import load_suite

    path = tmp_path / "swelancer_tasks_lite.csv"
    good = {"question_id": "15193-manager-0", "variant": "swe_manager", "price": "4000.0",
            "manager_data": repr(MANAGER_DATA), "manager_commit": "ae3c5d1f"}
    write_csv(path, [good, {"question_id": "99-manager-0", "variant": "swe_manager", "manager_data": "{'game': {}}"},
                     {"question_id": "14294", "variant": "ic_swe", "price": "500"},
                     {**good, "question_id": "16000-manager-0", "price": "$1,250"}])
    report = load_suite(str(path))
    assert [t.instance_id for t in report.tasks] == ["15193-manager-0", "16000-manager-0"]
    assert [t.price for t in report.tasks] == [4000.0, 1250.0]
    [error] = report.errors
    assert error.instance_id == "99-manager-0" and "row 2" in error.message and "unreadable manager_data" in error.message
    assert report.skipped == 2  # the malformed row and the IC row


def test_the_diamond_layout_with_set_title_and_description_columns(tmp_path):
    path = tmp_path / "all_swelancer_tasks.csv"
    data = {k: v for k, v in MANAGER_DATA.items() if k not in ("title", "html_description")}
    columns = ["question_id", "variant", "price", "price_limit", "manager_data", "manager_commit", "acceptable_folders",
               "cwd", "set", "title", "description", "proposals"]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerow({"question_id": "15193-manager-0", "variant": "swe_manager", "price": "2000",
                         "manager_data": repr(data), "set": "diamond", "title": "[$2000] Heading flashes bold",
                         "description": "Steps: send a code block in a heading", "proposals": ""})
        handle.write('broken-manager-0,swe_manager,"unterminated,1\n')
    from swegauge.tasks import load_suite

    report = load_suite(str(path))
    [task] = report.tasks
    assert task.price == 2000.0 and "set:diamond" in task.tags
    assert task.problem_statement.startswith("[$2000] Heading flashes bold") and "code block" in task.problem_statement
    assert len(report.errors) == 1 and "row 2" in report.errors[0].message
