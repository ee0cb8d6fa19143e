"""A streaming, forgiving reader of JUnit-style XML (pytest, Surefire, Gradle, GoogleTest, CTest, node).

It yields every <testcase> with its enclosing <testsuite> names. A truncated or junk file gives the cases
read before the damage plus a note, never an exception. The status of a case:

- an <error> child -> ERROR; a <failure> child -> FAILED (Surefire's <rerunFailure> alone -> FAILED;
  <flakyFailure>/<flakyError> alone mean it passed on a rerun -> PASSED);
- a <skipped> child, or status="notrun"/"disabled" (GoogleTest, CTest) -> SKIPPED;
- otherwise PASSED.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from swegauge.grading.parsers._common import RANK, too_big
from swegauge.grading.parsers.base import TestStatus

_CHILD_STATUS = {
    "error": TestStatus.ERROR,
    "failure": TestStatus.FAILED,
    "rerunFailure": TestStatus.FAILED,
    "rerunError": TestStatus.ERROR,
    "skipped": TestStatus.SKIPPED,
}
_NOT_RUN = {"notrun", "disabled"}


@dataclass(frozen=True)
class JUnitCase:
    name: str
    classname: str
    file: str
    suites: tuple[str, ...]
    status: TestStatus
    skip_type: str = ""
    """The `type` attribute of a <skipped> child (pytest writes "pytest.xfail" for xfail)."""
    attrs: dict[str, str] = field(default_factory=dict)


def _local(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def case_status(elem: ET.Element) -> tuple[TestStatus, str]:
    status = TestStatus.PASSED
    skip_type = ""
    for child in elem:
        found = _CHILD_STATUS.get(_local(child.tag))
        if found is None:
            continue
        if found == TestStatus.SKIPPED:
            skip_type = child.get("type", "")
        if RANK[found] > RANK[status]:
            status = found
    if status == TestStatus.PASSED and elem.get("status", "").lower() in _NOT_RUN:
        status = TestStatus.SKIPPED
    return status, skip_type


def _to_case(elem: ET.Element, suites: list[str]) -> JUnitCase:
    status, skip_type = case_status(elem)
    return JUnitCase(
        name=elem.get("name", ""),
        classname=elem.get("classname", ""),
        file=elem.get("file", ""),
        suites=tuple(suites),
        status=status,
        skip_type=skip_type,
        attrs=dict(elem.attrib),
    )


def read_cases(path: Path, notes: list[str]) -> list[JUnitCase]:
    """Every <testcase> in one file; damage past some point leaves the cases before it and a note."""
    if too_big(path, notes):
        return []
    cases: list[JUnitCase] = []
    suites: list[str] = []
    try:
        for event, elem in ET.iterparse(str(path), events=("start", "end")):
            tag = _local(elem.tag)
            if tag == "testsuite":
                if event == "start":
                    suites.append(elem.get("name", ""))
                elif suites:
                    suites.pop()
                    elem.clear()
            elif tag == "testcase" and event == "end":
                cases.append(_to_case(elem, suites))
                elem.clear()
    except ET.ParseError as err:
        notes.append(f"{path.name}: XML damaged or truncated ({err}); kept {len(cases)} test cases read before it")
    except (OSError, RecursionError, ValueError) as err:
        notes.append(f"{path.name}: cannot read XML ({err}); kept {len(cases)} test cases")
    return cases


def read_all(paths: list[Path], notes: list[str]) -> list[JUnitCase]:
    cases: list[JUnitCase] = []
    for path in paths:
        cases.extend(read_cases(path, notes))
    return cases
