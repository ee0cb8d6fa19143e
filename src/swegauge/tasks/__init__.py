"""swegauge.tasks: the Task schema, loaders for each suite format, and the suite registry."""

from swegauge.tasks.difficulty import Difficulty, measure_patch
from swegauge.tasks.loaders import (
    LoadReport,
    RecordError,
    SuiteError,
    load_file,
    load_hf,
    load_records,
)
from swegauge.tasks.schema import Task, TaskKind
from swegauge.tasks.suites import (
    SuiteInfo,
    filter_tasks,
    list_suites,
    load_suite,
    register_suite,
)

__all__ = [
    "Difficulty",
    "LoadReport",
    "RecordError",
    "SuiteError",
    "SuiteInfo",
    "Task",
    "TaskKind",
    "filter_tasks",
    "list_suites",
    "load_file",
    "load_hf",
    "load_records",
    "load_suite",
    "measure_patch",
    "register_suite",
]
