"""Reading tinyconf documents.

Syntax::

    # a comment          ; also a comment
    [section]
    key = value

Option names are case-insensitive; section names are not.
"""

from __future__ import annotations

import io
import re

from tinyconf.config import Config
from tinyconf.errors import ParseError

_SECTION = re.compile(r"\[(?P<name>[^\[\]]+)\]")
_COMMENT = ("#", ";")


def loads(text: str) -> Config:
    """Parse a document held in a string."""
    config = Config()
    section: str | None = None
    for lineno, raw in enumerate(io.StringIO(text), start=1):
        line = raw.strip()
        if not line or line.startswith(_COMMENT):
            continue
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
        config._set(section, name.strip().lower(), value.strip())
    return config
