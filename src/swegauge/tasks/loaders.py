"""Loading task files: SWE-bench JSON / JSONL / Parquet, Multi-SWE-bench JSONL, Hugging Face datasets.

The `format=` keyword (default "auto") takes one of:

* "auto": the container by file extension (then by content), the schema by the first record's keys;
* "json" / "jsonl" / "parquet": force the container, still detect the schema;
* "swe-bench" / "multi-swe-bench": force the schema, still detect the container;
* "livecodebench" / "humaneval" / "mbpp" / "multipl-e": codegen records (see codegen_loaders.py), also
  detected by their keys.

A bad record never stops the rest: it becomes one RecordError per problem (naming the file, the record's
index, line and instance_id when known, and the field) and counts once in `LoadReport.skipped`.
Problems with a whole file (missing, not JSON, not Parquet) or a whole dataset raise SuiteError.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal, get_args

from pydantic import ValidationError

from swegauge.tasks.codegen_loaders import CODEGEN_SCHEMAS, FieldError, codegen_fields, detect_codegen
from swegauge.tasks.multiswe import (
    FIELD_OF,
    LANGUAGE_ALIASES,
    FieldProblem,
    looks_like_multiswe,
    multiswe_fields,
    multiswe_instance_id,
)
from swegauge.tasks.schema import Task

Format = Literal["auto", "json", "jsonl", "parquet", "swe-bench", "multi-swe-bench", "livecodebench", "humaneval",
                 "mbpp", "multipl-e"]
FORMATS: tuple[str, ...] = get_args(Format)
CONTAINERS = ("json", "jsonl", "parquet")
SCHEMAS = ("swe-bench", "multi-swe-bench", *CODEGEN_SCHEMAS)
SUITE_SUFFIXES = (".json", ".jsonl", ".ndjson", ".parquet", ".pq", ".json.gz", ".jsonl.gz", ".ndjson.gz")
"""File names a directory suite picks up."""

HF_PREFIX = "hf:"
HF_DEFAULT_SPLIT = "test"

_TEXT_FIELDS = tuple(name for name, info in Task.model_fields.items() if info.default == "")
_BOM = b"\xef\xbb\xbf"


class SuiteError(Exception):
    """A whole suite cannot be loaded: unknown name, missing or unreadable file, no `datasets`."""


@dataclass(frozen=True)
class RecordError:
    """One problem with one record. `index` counts records from 0; `line` is 1-based (JSONL only)."""

    file: str
    index: int | None = None
    line: int | None = None
    instance_id: str | None = None
    field: str | None = None
    message: str = ""

    def location(self) -> str:
        """"file[:line] [record N] [(instance_id)]"."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.index is not None:
            where += f" record {self.index}"
        if self.instance_id:
            where += f" ({self.instance_id})"
        return where

    def __str__(self) -> str:
        field_part = f"{self.field}: " if self.field else ""
        return f"{self.location()}: {field_part}{self.message}"


@dataclass
class LoadReport:
    """The tasks that loaded, the problems with those that did not, and how many records were skipped."""

    tasks: list[Task] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    skipped: int = 0
    _origin: dict[str, RecordError] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for index, task in enumerate(self.tasks):  # tasks given directly: remembered, not checked
            self._origin.setdefault(task.instance_id, RecordError("(given)", index, None, task.instance_id))

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, task: Task, *, file: str, index: int | None = None, line: int | None = None) -> bool:
        """Append a task unless an earlier add() loaded its instance_id (then record an error)."""
        first = self._origin.get(task.instance_id)
        if first is not None:
            message = f"duplicate instance_id, first loaded from {first.location()}"
            self.reject([RecordError(file, index, line, task.instance_id, "instance_id", message)])
            return False
        self._origin[task.instance_id] = RecordError(file, index, line, task.instance_id)
        self.tasks.append(task)
        return True

    def reject(self, errors: list[RecordError]) -> None:
        """Count one skipped record with its problems."""
        self.errors.extend(errors)
        self.skipped += 1

    def extend(self, other: LoadReport) -> None:
        """Merge another report in (e.g. the next file of a directory), still refusing duplicates."""
        self.errors.extend(other.errors)
        self.skipped += other.skipped
        for task in other.tasks:
            where = other._origin[task.instance_id]
            self.add(task, file=where.file, index=where.index, line=where.line)

    def summary(self) -> str:
        text = f"loaded {len(self.tasks)} tasks"
        if self.skipped:
            text += f", skipped {self.skipped} records ({len(self.errors)} errors)"
        return text


@dataclass(frozen=True)
class _Row:
    index: int
    line: int | None
    value: Any = None
    problem: str | None = None


class _Rejected(Exception):
    def __init__(self, instance_id: str | None, problems: list[tuple[str | None, str]]) -> None:
        super().__init__(problems)
        self.instance_id = instance_id
        self.problems = problems


def load_file(path: str | Path, *, format: Format = "auto", source: str | None = None) -> LoadReport:
    """Load one SWE-bench or Multi-SWE-bench file (JSON list, JSONL, optionally gzipped, or Parquet).

    `source` overrides every task's `source` (default: the record's own, else the schema's name).
    """
    _check_format(format)
    path = Path(path).expanduser()
    if not path.exists():
        raise SuiteError(f"{path}: no such file")
    if not path.is_file():
        raise SuiteError(f"{path}: not a file")
    container = format if format in CONTAINERS else detect_container(path)
    schema = format if format in SCHEMAS else "auto"
    if container == "parquet":
        rows = _read_parquet(path)
    elif container == "json":
        rows = _read_json(path, forced=format == "json")
    else:
        rows = _read_jsonl(path)
    return _load_rows(rows, origin=str(path), schema=schema, source=source)


def load_records(
    records: Iterable[Any],
    *,
    origin: str = "<records>",
    format: Format = "auto",
    source: str | None = None,
) -> LoadReport:
    """Load records already in memory (dicts, e.g. rows of a `datasets.Dataset`); `origin` names them."""
    _check_format(format)
    if format in CONTAINERS:
        raise SuiteError(f"{origin}: format {format!r} names a file container; use auto or a schema")
    rows = (_Row(index, None, value) for index, value in enumerate(records))
    return _load_rows(rows, origin=origin, schema=format, source=source)


def parse_hf_spec(spec: str) -> tuple[str, str]:
    """"hf:org/name[:split]" -> (dataset name, split); the split defaults to "test"."""
    body = spec[len(HF_PREFIX) :] if spec.startswith(HF_PREFIX) else spec
    name, _, split = body.partition(":")
    name, split = name.strip(), split.strip() or HF_DEFAULT_SPLIT
    if not name:
        raise SuiteError(f"{spec!r}: expected hf:<org>/<dataset>[:split], e.g. hf:princeton-nlp/SWE-bench_Lite")
    return name, split


def load_hf(spec: str, *, format: Format = "auto", source: str | None = None) -> LoadReport:
    """Load a Hugging Face dataset split, e.g. "hf:princeton-nlp/SWE-bench_Lite:test".

    Needs the optional `datasets` package and network access (or a warm Hugging Face cache).
    """
    name, split = parse_hf_spec(spec)
    try:
        import datasets  # type: ignore[import-not-found]
    except ImportError:
        raise SuiteError(
            f"{spec}: loading a Hugging Face dataset needs the `datasets` package: "
            "install datasets (pip install datasets) and have network access, "
            "or download the dataset as a JSONL/Parquet file and load that path"
        ) from None
    try:
        dataset = datasets.load_dataset(name, split=split)
    except Exception as err:  # noqa: BLE001 - any hub/network failure is one suite-level error
        raise SuiteError(f"{spec}: could not load dataset {name!r} split {split!r}: {err}") from err
    return load_records(dataset, origin=f"{HF_PREFIX}{name}:{split}", format=format, source=source)


def detect_container(path: Path) -> str:
    """"parquet", "json" or "jsonl": by extension first, then by the file's first bytes."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    with _open_binary(path) as handle:
        head = handle.read(4096)
    if head.startswith(b"PAR1"):
        return "parquet"
    start = head.removeprefix(_BOM).lstrip()
    if start.startswith(b"[") or (name.endswith(".json") and start.startswith(b"{")):
        return "json"
    return "jsonl"


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise SuiteError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_jsonl(path: Path) -> Iterator[_Row]:
    index = 0
    with _open_binary(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield _Row(index, number, json.loads(raw))
            except ValueError as err:  # JSONDecodeError and UnicodeDecodeError
                yield _Row(index, number, problem=f"malformed JSON: {err}")
            index += 1


def _read_json(path: Path, *, forced: bool) -> Iterator[_Row]:
    with _open_binary(path) as handle:
        data = handle.read()
    try:
        document = json.loads(data)
    except ValueError as err:
        if not forced and data.removeprefix(_BOM).lstrip().startswith(b"{"):
            yield from _read_jsonl(path)  # a .json file holding JSON lines
            return
        raise SuiteError(f"{path}: not valid JSON: {err}") from None
    if isinstance(document, Mapping):
        document = [document]
    if not isinstance(document, list):
        raise SuiteError(f"{path}: expected a JSON list of records, got {type(document).__name__}")
    for index, value in enumerate(document):
        yield _Row(index, None, value)


def _read_parquet(path: Path) -> Iterator[_Row]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        raise SuiteError(f"{path}: not a readable Parquet file: {err}") from None
    index = 0
    for batch in parquet.iter_batches(batch_size=256):
        for value in batch.to_pylist():
            yield _Row(index, None, value)
            index += 1


def _load_rows(rows: Iterable[_Row], *, origin: str, schema: str, source: str | None) -> LoadReport:
    report = LoadReport()
    for row in rows:
        if row.problem is not None:
            report.reject([RecordError(origin, row.index, row.line, message=row.problem)])
            continue
        if not isinstance(row.value, Mapping):
            message = f"expected a JSON object, got {type(row.value).__name__}"
            report.reject([RecordError(origin, row.index, row.line, message=message)])
            continue
        if schema == "auto":
            schema = detect_codegen(row.value) or ("multi-swe-bench" if looks_like_multiswe(row.value) else "swe-bench")
        try:
            task = _record_to_task(row.value, schema=schema, source=source)
        except _Rejected as rejected:
            report.reject(
                [
                    RecordError(origin, row.index, row.line, rejected.instance_id, name, message)
                    for name, message in rejected.problems
                ]
            )
            continue
        report.add(task, file=origin, index=row.index, line=row.line)
    return report


def _record_to_task(raw: Mapping[str, Any], *, schema: str = "swe-bench", source: str | None = None) -> Task:
    """One record -> Task; raises _Rejected listing (field, message) pairs named as in the input."""
    if schema in CODEGEN_SCHEMAS:
        given = raw.get("task_id") or raw.get("question_id") or raw.get("name")
        instance_id = str(given) if given not in (None, "") else None
        try:
            fields = codegen_fields(raw, schema)
        except FieldError as problem:
            raise _Rejected(instance_id, [(problem.field, problem.message)]) from None
        fields["source"] = source or fields["source"]
        rename = {}
    elif schema == "multi-swe-bench":
        instance_id = multiswe_instance_id(raw)
        try:
            fields = multiswe_fields(raw, source=source)
        except FieldProblem as problem:
            raise _Rejected(instance_id, [(problem.field, problem.message)]) from None
        rename = FIELD_OF
    else:
        given = raw.get("instance_id")
        instance_id = given if isinstance(given, str) and given else None
        fields = swebench_fields(raw, source=source)
        rename = {}
    try:
        return Task.model_validate(fields)
    except ValidationError as err:
        raise _Rejected(instance_id, _problems(err, rename)) from None


def swebench_fields(raw: Mapping[str, Any], *, source: str | None = None) -> dict[str, Any]:
    """Task fields for a SWE-bench-shaped record (SWE-bench, Lite, Verified, Multilingual, swegauge)."""
    fields = dict(raw)
    for name in _TEXT_FIELDS:
        if name in fields and fields[name] is None:
            fields[name] = ""
    language = fields.get("language") or fields.get("lang")
    if isinstance(language, str) and language.strip():
        name = language.strip().lower()
        fields["language"] = LANGUAGE_ALIASES.get(name, name)
    label = fields.get("difficulty")
    if isinstance(label, str):  # SWE-bench Verified's "<15 min fix" annotation: keep it as a tag
        del fields["difficulty"]
        tags = fields.get("tags")
        if tags is None or isinstance(tags, list):
            fields["tags"] = [*(tags or []), f"difficulty:{label}"]
    if source:
        fields["source"] = source
    elif not fields.get("source"):
        fields["source"] = "swe-bench"
    return fields


def _problems(err: ValidationError, rename: Mapping[str, str]) -> list[tuple[str | None, str]]:
    problems: list[tuple[str | None, str]] = []
    for item in err.errors(include_url=False, include_input=False):
        location = [str(part) for part in item["loc"]]
        if location and location[0] in rename:
            location[0] = rename[location[0]]
        problems.append((".".join(location) or None, item["msg"]))
    return problems
