"""Reading tinyconf documents.

Syntax::

    # a comment          ; also a comment
    [section]
    key = value
    long = first part
        indented lines continue the value above

Option names are case-insensitive; section names are not.
"""

from __future__ import annotations

import io
import os
import re

from tinyconf.config import Config
from tinyconf.errors import ParseError

_SECTION = re.compile(r"\[(?P<name>[^\[\]]+)\]\s*")
_COMMENT = ("#", ";")


def loads(text: str, *, filename: str | None = None) -> Config:
    """Parse a document held in a string; `filename` is only used in error messages."""
    config = Config()
    section: str | None = None
    key: str | None = None
    for lineno, raw in enumerate(io.StringIO(text), start=1):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith(_COMMENT):
            continue
        if line[0] in " \t":
            if section is None or key is None:
                raise ParseError("continuation line without an option", lineno, line, filename)
            config._append(section, key, stripped)
            continue
        key = None
        if line.startswith("["):
            match = _SECTION.fullmatch(line)
            if match is None:
                raise ParseError("malformed section header", lineno, line, filename)
            section = match.group("name").strip()
            config._add_section(section)
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise ParseError("expected 'key = value'", lineno, line, filename)
        if section is None:
            raise ParseError("option outside of any section", lineno, line, filename)
        key = name.strip().lower()
        config._set(section, key, value.strip())
    return config


def load(path: str | os.PathLike[str], *, encoding: str = "utf-8-sig") -> Config:
    """Parse a file. With the default encoding a UTF-8 byte order mark is skipped."""
    with open(path, encoding=encoding) as handle:
        text = handle.read()
    return loads(text, filename=os.fspath(path))
