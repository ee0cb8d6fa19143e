"""Named suites: the bundled starter suite, task files, Hugging Face datasets, and your own.

`load_suite(name_or_path)` resolves, first match wins:

1. ``starter``: the bundled starter suite; ``starter-codegen`` and ``starter-choice``: the bundled codegen
   and choice tasks.
2. ``hf:<org>/<dataset>[:split]``: a Hugging Face dataset split (default split "test"); needs the
   optional `datasets` package and network access.
3. A registered name, from either of two places under ``$SWEGAUGE_CACHE`` (default ~/.cache/swegauge):

   * ``suites.json``: an object mapping a name to a path or an ``hf:`` spec, or to
     ``{"path": ..., "format": ...}`` to force a format. Relative paths are relative to the directory
     holding suites.json. ``register_suite()`` (``swegauge suites add``) writes this file::

         {"lite": "/data/swe-bench-lite.parquet",
          "verified": "hf:princeton-nlp/SWE-bench_Verified",
          "msb-java": {"path": "msb/java", "format": "multi-swe-bench"}}

   * ``suites/``: each suite file in it (``lite.jsonl``, ``mine.parquet``, ...) is a suite named by its
     file name without the extension, and each sub-directory one named by the directory.
     suites.json wins a clash of names.
4. A public suite's name (``swebench-verified``, ``swebench-lite``, ``swebench-lite-dev``,
   ``swebench-full``, ``swebench-multilingual``, ``multi-swe-bench``): a local copy found in
   ``$SWEGAUGE_DATA``, else the Hugging Face hub, else an error saying how to get the file (see
   `public_suites`).
5. A path: a task file, or a directory whose suite files (*.json, *.jsonl, *.parquet, also
   gzipped JSON) are all loaded, in sorted order.

Anything else raises SuiteError listing the known names.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swegauge.paths import cache_dir
from swegauge.tasks.loaders import (
    FORMATS,
    HF_PREFIX,
    SUITE_SUFFIXES,
    Format,
    LoadReport,
    SuiteError,
    load_file,
    load_hf,
    parse_hf_spec,
)
from swegauge.tasks.public_suites import PUBLIC_SUITES, PublicSuite, how_to_get, hub_unavailable, local_copy
from swegauge.tasks.schema import Task

STARTER = "starter"
BUNDLED_SUITES = ("starter-codegen", "starter-choice")
"""Bundled beside the starter suite: codegen tasks judged by hidden tests, SWE-Lancer-style choices."""
REGISTRY_FILE = "suites.json"
SUITES_DIR = "suites"
BUNDLED = "bundled"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class SuiteEntry:
    """Where a suite name points: BUNDLED, a path, or an hf: spec; plus a forced format."""

    name: str
    target: str
    format: Format = "auto"


@dataclass(frozen=True)
class SuiteInfo:
    """One line of `swegauge suites`. `tasks` is None when not counted (hf: suites are not fetched)."""

    name: str
    source: str
    tasks: int | None = None
    languages: list[str] = field(default_factory=list)
    skipped: int = 0
    error: str | None = None


def registry_path() -> Path:
    return cache_dir() / REGISTRY_FILE


def suites_dir() -> Path:
    return cache_dir() / SUITES_DIR


def load_suite(name_or_path: str | Path, *, format: Format = "auto") -> LoadReport:
    """Load a suite by name, hf: spec or path (see the module docstring for the order)."""
    name = str(name_or_path)
    if name == STARTER:
        return _load_starter()
    if name in BUNDLED_SUITES:
        return _load_bundled(name)
    if name.startswith(HF_PREFIX):
        return load_hf(name, format=format)
    entry = registered_suites().get(name)
    if entry is not None:
        try:
            return _load_target(entry.target, format=entry.format if format == "auto" else format)
        except SuiteError as err:
            raise SuiteError(f"suite {name!r}: {err}") from err
    if name in PUBLIC_SUITES:
        return _load_public(PUBLIC_SUITES[name], format=format)
    path = Path(name).expanduser()
    if path.exists():
        return load_path(path, format=format)
    known = ", ".join(known_suite_names())
    raise SuiteError(
        f"unknown suite {name!r}: neither a known name nor an existing path. Known suites: {known}. "
        f"Use hf:<org>/<dataset>[:split] for a Hugging Face dataset, or register a file in "
        f"{registry_path()} or {suites_dir()}/"
    )


def load_path(path: str | Path, *, format: Format = "auto") -> LoadReport:
    """Load a task file, or every suite file under a directory (sorted; duplicates are errors)."""
    path = Path(path).expanduser()
    if path.suffix.lower() == ".csv" and path.is_file():
        return _load_swelancer(path)
    if not path.is_dir():
        return load_file(path, format=format)
    files = sorted(
        candidate
        for candidate in path.rglob("*")
        if candidate.is_file()
        and candidate.name.lower().endswith(SUITE_SUFFIXES)
        and not any(part.startswith(".") for part in candidate.relative_to(path).parts)
    )
    if not files:
        suffixes = ", ".join(SUITE_SUFFIXES)
        raise SuiteError(f"{path}: no suite files ({suffixes}) in this directory")
    report = LoadReport()
    for file in files:
        report.extend(load_file(file, format=format))
    return report


def known_suite_names() -> list[str]:
    """"starter", every registered name, then the public suites' names."""
    registered = sorted(registered_suites())
    return [STARTER, *BUNDLED_SUITES, *registered, *(name for name in PUBLIC_SUITES if name not in registered)]


def public_suites() -> list[SuiteEntry]:
    """The public suites not registered under their own name: a local copy's path, else their hf: spec."""
    registered = registered_suites()
    entries = []
    for suite in PUBLIC_SUITES.values():
        if suite.name not in registered:
            local = local_copy(suite)
            entries.append(SuiteEntry(suite.name, str(local) if local else suite.hf))
    return entries


def _load_public(suite: PublicSuite, *, format: Format) -> LoadReport:
    local = local_copy(suite)
    if local is not None:
        try:
            return load_path(local, format=format)
        except SuiteError as err:
            raise SuiteError(f"suite {suite.name!r}: {err}") from err
    why = hub_unavailable()
    if why:
        raise SuiteError(how_to_get(suite, why))
    try:
        return load_hf(suite.hf, format=format)
    except SuiteError as err:
        raise SuiteError(how_to_get(suite, f"the hub did not give it: {err}")) from err


def registered_suites() -> dict[str, SuiteEntry]:
    """User suites from $SWEGAUGE_CACHE/suites/ and suites.json (which wins a name clash)."""
    entries: dict[str, SuiteEntry] = {}
    directory = suites_dir()
    if directory.is_dir():
        for item in sorted(directory.iterdir()):
            name = _suite_name(item)
            if name:
                entries[name] = SuiteEntry(name, str(item))
    registry = registry_path()
    for name, value in _read_registry(registry).items():
        entries[name] = _entry(name, value, registry)
    for bundled in (STARTER, *BUNDLED_SUITES):
        entries.pop(bundled, None)  # the bundled suites always win their own names
    return entries


def register_suite(
    name: str, target: str | Path, *, format: Format = "auto", replace: bool = False
) -> SuiteEntry:
    """Record `name -> target` (a path, made absolute, or an hf: spec) in suites.json."""
    if not _NAME.match(name) or name in (STARTER, *BUNDLED_SUITES):
        raise SuiteError(f"{name!r}: a suite name is letters, digits, '.', '_' or '-', and not {STARTER!r}")
    if format not in FORMATS:
        raise SuiteError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    text = str(target)
    if text.startswith(HF_PREFIX):
        parse_hf_spec(text)
    else:
        path = Path(text).expanduser().resolve()
        if not path.exists():
            raise SuiteError(f"{path}: no such file or directory")
        text = str(path)
    registry = registry_path()
    data = _read_registry(registry)
    if name in data and not replace:
        raise SuiteError(f"suite {name!r} is already registered in {registry} (pass replace=True)")
    data[name] = text if format == "auto" else {"path": text, "format": format}
    _write_json_atomically(registry, data)
    return SuiteEntry(name, text, format)


def list_suites(*, count: bool = True) -> list[SuiteInfo]:
    """Every known suite; with `count`, each local one is loaded to count its tasks and languages."""
    entries = [SuiteEntry(STARTER, BUNDLED), *(SuiteEntry(n, f"{BUNDLED}:{n}") for n in BUNDLED_SUITES),
               *registered_suites().values(), *public_suites()]
    infos = []
    for entry in entries:
        if not count or entry.target.startswith(HF_PREFIX):
            infos.append(SuiteInfo(entry.name, entry.target))
            continue
        try:
            report = _load_target(entry.target, format=entry.format)
        except SuiteError as err:
            infos.append(SuiteInfo(entry.name, entry.target, error=str(err)))
            continue
        languages = sorted({task.language for task in report.tasks})
        infos.append(SuiteInfo(entry.name, entry.target, len(report.tasks), languages, report.skipped))
    return infos


def filter_tasks(
    tasks: Iterable[Task],
    *,
    ids: str | Iterable[str] | None = None,
    language: str | Iterable[str] | None = None,
    limit: int | None = None,
) -> list[Task]:
    """Tasks (in their order) whose instance_id matches `ids` (exact or glob, e.g. "django__*") and
    whose language is `language` (case-insensitive), at most `limit` of them."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be >= 0, got {limit}")
    wanted = [ids] if isinstance(ids, str) else (list(ids) if ids is not None else None)
    exact = {item for item in wanted or () if not _is_glob(item)}
    globs = [item for item in wanted or () if _is_glob(item)]
    languages = [language] if isinstance(language, str) else (language or [])
    allowed = {item.lower() for item in languages} if language is not None else None
    chosen: list[Task] = []
    for task in tasks:
        if limit is not None and len(chosen) >= limit:
            break
        if wanted is not None and task.instance_id not in exact:
            if not any(fnmatch.fnmatchcase(task.instance_id, pattern) for pattern in globs):
                continue
        if allowed is not None and task.language.lower() not in allowed:
            continue
        chosen.append(task)
    return chosen


def _is_glob(text: str) -> bool:
    return any(char in text for char in "*?[")


def _load_starter() -> LoadReport:
    try:
        from swegauge.tasks.starter import starter_tasks
    except ImportError as err:
        raise SuiteError(f"the bundled starter suite is not available: {err}") from err
    report = LoadReport()
    for index, task in enumerate(starter_tasks()):  # each names its project's patch series as repo_source
        report.add(task, file=STARTER, index=index)
    return report


def _load_bundled(name: str) -> LoadReport:
    """starter-codegen (problems with reference programs) or starter-choice (a task file)."""
    report = LoadReport()
    if name == "starter-codegen":
        from swegauge.tasks.starter_codegen import starter_codegen_tasks

        for index, task in enumerate(starter_codegen_tasks()):
            report.add(task, file=name, index=index)
        return report
    return load_file(Path(__file__).parent / "starter_choice" / "tasks.jsonl")


def _load_target(target: str, *, format: Format) -> LoadReport:
    if target == BUNDLED:
        return _load_starter()
    if target.startswith(f"{BUNDLED}:"):
        return _load_bundled(target.split(":", 1)[1])
    if target.startswith(HF_PREFIX):
        return load_hf(target, format=format)
    return load_path(target, format=format)


def _suite_name(item: Path) -> str | None:
    if item.name.startswith("."):
        return None
    if item.is_dir():
        return item.name
    lower = item.name.lower()
    for suffix in sorted(SUITE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return item.name[: -len(suffix)] or None
    return None


def _read_registry(registry: Path) -> dict[str, Any]:
    if not registry.exists():
        return {}
    try:
        data = json.loads(registry.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SuiteError(f"{registry}: cannot read the suite registry: {err}") from None
    if not isinstance(data, dict):
        raise SuiteError(f"{registry}: expected a JSON object mapping suite names to paths")
    return data


def _entry(name: str, value: Any, registry: Path) -> SuiteEntry:
    where = f"{registry}: suite {name!r}"
    format: Any = "auto"
    if isinstance(value, dict):
        format = value.get("format", "auto")
        value = value.get("path")
    if not isinstance(value, str) or not value:
        raise SuiteError(f'{where}: expected a path, an hf: spec, or {{"path": ..., "format": ...}}')
    if format not in FORMATS:
        raise SuiteError(f"{where}: unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    if value.startswith(HF_PREFIX):
        return SuiteEntry(name, value, format)
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = registry.parent / path
    return SuiteEntry(name, str(path), format)


def _write_json_atomically(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, sort_keys=True)
            out.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _load_swelancer(path: Path) -> LoadReport:
    """A SWE-Lancer CSV: its Manager rows become choice tasks."""
    from swegauge.tasks.loaders import RecordError
    from swegauge.tasks.swelancer import read_swelancer_csv

    report = LoadReport()
    try:
        read = read_swelancer_csv(path)
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise SuiteError(f"{path}: cannot read the CSV: {err}") from err
    for index, task in enumerate(read.tasks):
        report.add(task, file=str(path), index=index)
    for number, line, qid, message in read.errors:
        report.reject([RecordError(str(path), number - 1, line, qid or None, None, f"row {number}: {message}")])
    report.skipped += read.skipped_ic
    return report
