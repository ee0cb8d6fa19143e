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
import re

from tinyconf.config import Config
from tinyconf.errors import ParseError

_SECTION = re.compile(r"\[(?P<name>[^\[\]]+)\]\s*")
_COMMENT = ("#", ";")


def loads(text: str) -> Config:
    """Parse a document held in a string."""
    config = Config()
    section: str | None = None
    key: str | None = None
    for lineno, raw in enumerate(io.StringIO(text), start=1):
        line = raw[:-1]
        stripped = line.strip()
        if not stripped or stripped.startswith(_COMMENT):
            continue
        if line[0] in " \t":
            if section is None or key is None:
                raise ParseError("continuation line without an option", lineno, line)
            config._append(section, key, stripped)
            continue
        key = None
        if line.startswith("["):
            match = _SECTION.fullmatch(line)
            if match is None:
                raise ParseError("malformed section header", lineno, line)
            section = match.group("name").strip()
            config._add_section(section)
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise ParseError("expected 'key = value'", lineno, line)
        if section is None:
            raise ParseError("option outside of any section", lineno, line)
        key = name.strip().lower()
        config._set(section, key, value.strip())
    return config
